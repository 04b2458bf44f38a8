// Energy-manager scenarios on a virtual clock (minute frames through the real Controller): a red day with a heat pump
// locked and unlocked on time, a week with its legionella run in the blue night, a boost during a white peak.
import { SimulatedTank } from "../../host-sim/tank";
import { localParts } from "../../src/tariff/local-time";
import type { TempoColour } from "../../src/tic/types";
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import { reading } from "../app/readings";
import { at, loadFacts, simulate } from "./sim";

const HEAT_PUMP = { id: "pac", name: "PAC", kind: "sg-ready", priority: 1, nominalPowerW: 2000, shedBy: ["red_peak", "overload"] };
const HEATER = (extra: Record<string, unknown> = {}) => ({ id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true, targetTemperatureC: 55, tankVolumeL: 200, ...extra });
/** Colours by local date of the Tempo day (06:00 → 06:00). */
const colours = (table: Record<string, TempoColour>, otherwise: TempoColour = "blue") => (dayStartMs: number): TempoColour => {
  const p = localParts(dayStartMs);
  const key = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
  return table[key] ?? otherwise;
};

describe("a red day: the heat pump is locked on the red peak and unlocked on time", () => {
  const run = simulate({
    start: "2026-01-15T05:00:00+01:00",
    end: "2026-01-16T23:00:00+01:00",
    loads: [HEAT_PUMP],
    colourOf: colours({ "2026-01-14": "blue", "2026-01-15": "red", "2026-01-16": "blue" }),
  });
  const facts = loadFacts(run, "pac").map((f) => [f.at.slice(0, 16), f.order, f.reason]);

  test("SG-Ready 3 in the blue night, 1 (lock) from 06:00 to 22:00, 2 in the red HC night, 2 on the blue day, 3 again at 22:00", () => {
    expect(facts).toEqual([
      ["2026-01-15T05:00", "sg-recommended", "sg_recommended"],
      ["2026-01-15T06:00", "sg-lock", "red_peak"],
      ["2026-01-15T22:00", "sg-normal", "normal"],
      ["2026-01-16T22:00", "sg-recommended", "sg_recommended"],
    ]);
  });
});

describe("SG-Ready: a least time between two states", () => {
  test("the owner's forced on 5 min after the lock waits until 10 min have passed", () => {
    const run = simulate({
      start: "2026-01-15T05:50:00+01:00",
      end: "2026-01-15T06:30:00+01:00",
      loads: [HEAT_PUMP],
      colourOf: colours({ "2026-01-14": "blue", "2026-01-15": "red" }),
      commands: [{ at: "2026-01-15T06:05:00+01:00", command: { type: "load-override", loadId: "pac", override: "on" } }],
    });
    const facts = loadFacts(run, "pac").map((f) => [f.at.slice(11, 16), f.order]);
    expect(facts).toEqual([
      ["05:50", "sg-recommended"],
      ["06:00", "sg-lock"],
      ["06:10", "sg-forced"],
    ]);
    // While held the snapshot says what it wants and why it waits.
    const held = simulate({
      start: "2026-01-15T05:50:00+01:00",
      end: "2026-01-15T06:06:00+01:00",
      loads: [HEAT_PUMP],
      colourOf: colours({ "2026-01-14": "blue", "2026-01-15": "red" }),
      commands: [{ at: "2026-01-15T06:05:00+01:00", command: { type: "load-override", loadId: "pac", override: "on" } }],
    });
    expect(held.loadAt("pac").detail).toMatch(/wants sg-forced .*held by min_state_change/);
  });

  test("an overrun locks it at once, 3 min after it went to recommended", () => {
    const checked = validateSettings({ loads: [HEAT_PUMP] });
    if (!checked.ok) throw new Error("settings");
    const t0 = at("2026-01-14T21:50:00+01:00");
    const c = new Controller(checked.settings, undefined, t0);
    c.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: 3000 }) }, t0);
    const t22 = at("2026-01-14T22:00:00+01:00");
    const at22 = c.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", powerVA: 3000 }) }, t22);
    expect(at22).toContainEqual(expect.objectContaining({ type: "load", id: "pac", order: "sg-recommended" }));
    const fx = c.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", powerVA: 9800, overload: true }) }, t22 + 180_000);
    expect(fx).toContainEqual(expect.objectContaining({ type: "load", id: "pac", order: "sg-lock", reason: "overload" }));
  });
});

describe("a week with one anti-legionella run, in the blue night", () => {
  // Monday 12 → Monday 19 January 2026: white every day but Sunday (always blue).
  const tank = new SimulatedTank({ volumeL: 200, temperatureC: 50, thermostatC: 65 });
  const run = simulate({
    start: "2026-01-12T07:00:00+01:00",
    end: "2026-01-19T08:00:00+01:00",
    loads: [HEATER()],
    colourOf: colours({ "2026-01-18": "blue" }, "white"),
    tank,
    tankOf: "ballon",
    onStep: (t, tk) => {
      const p = localParts(t);
      // Showers at 07:30 and dishes at 19:00: 60 L each.
      if ((p.hour === 7 && p.minute === 30) || (p.hour === 19 && p.minute === 0)) tk?.drawOff(60);
    },
  });
  const facts = loadFacts(run, "ballon");

  test("the legionella run starts in the blue night (Sunday 22:00) only, and the tank passes 60 °C then", () => {
    const legionella = facts.filter((f) => f.reason === "legionella");
    expect(legionella.length).toBeGreaterThan(0);
    for (const f of legionella) expect(f.at >= "2026-01-18T22:00" && f.at < "2026-01-19T06:00").toBe(true);
    const night = run.temperatures.filter((x) => x.atMs >= at("2026-01-18T22:00:00+01:00") && x.atMs < at("2026-01-19T06:00:00+01:00"));
    expect(Math.max(...night.map((x) => x.c))).toBeGreaterThanOrEqual(60);
    const done = run.controller.snapshot().manager.tanks[0].legionellaDoneMs as number;
    expect(done).toBeGreaterThanOrEqual(at("2026-01-18T22:00:00+01:00"));
    expect(done).toBeLessThan(at("2026-01-19T06:00:00+01:00"));
    // Before that night the tank never reached 60 °C (target 55): the run was needed.
    expect(Math.max(...run.temperatures.filter((x) => x.atMs < at("2026-01-18T22:00:00+01:00")).map((x) => x.c))).toBeLessThan(60);
  });

  test("every night the heating is placed in HC and the tank is at target by 06:00", () => {
    // (The first fact is the boot's: before the first frame a load stays as the box found it.)
    for (const f of facts.filter((x) => x.on && x.reason !== "boot")) expect(localParts(at(f.at)).hour >= 22 || localParts(at(f.at)).hour < 6).toBe(true);
    for (let day = 13; day <= 19; day++) {
      const six = at(`2026-01-${day}T06:00:00+01:00`);
      const t = run.temperatures.find((x) => x.atMs === six - 60_000) as { c: number };
      expect(t.c).toBeGreaterThanOrEqual(54.5);
    }
  });

  test("placed, not at 22:00: the first heat of a night starts after midnight when the tank needs under 5 h", () => {
    const starts = facts.filter((f) => f.on && f.reason === "normal").map((f) => f.at.slice(11, 16));
    expect(starts.length).toBeGreaterThanOrEqual(6);
    for (const s of starts) expect(s >= "00:00" && s < "06:00").toBe(true);
  });
});

describe("a boost during a white peak: the peak wins, the boost runs from 22:00 with what is left of it", () => {
  const tank = new SimulatedTank({ volumeL: 200, temperatureC: 42 });
  const run = simulate({
    start: "2026-01-14T20:00:00+01:00",
    end: "2026-01-14T23:30:00+01:00",
    loads: [HEATER({ shedBy: ["red_peak", "white_peak", "overload"] })],
    colourOf: colours({ "2026-01-14": "white" }),
    tank,
    tankOf: "ballon",
    commands: [{ at: "2026-01-14T20:30:00+01:00", command: { type: "dhw-boost", loadId: "ballon", durationMs: 120 * 60_000 } }],
  });
  const facts = loadFacts(run, "ballon").map((f) => [f.at.slice(11, 16), f.on, f.reason]);

  test("off through the peak (white_peak), on at 22:00 as a boost, which ends at 22:30 (its 2 h from 20:30)", () => {
    expect(facts).toEqual([
      ["20:00", true, "boot"], // the probe's first reading comes before the first frame: nothing decided yet
      ["20:00", false, "white_peak"],
      ["22:00", true, "dhw_boost"],
      ["22:30", false, "dhw_waiting"],
    ]);
  });
});

describe("the manager's owner acts survive a power cut", () => {
  test("a boost and a forced power are written at once and in force after a restart; the last legionella run too", () => {
    const loads = [HEATER({ heatIn: "any" }), { id: "borne", name: "Borne", kind: "modulating", priority: 3, nominalPowerW: 7400 }];
    const checked = validateSettings({ loads });
    if (!checked.ok) throw new Error("settings");
    const t0 = at("2026-01-14T10:00:00+01:00");
    const c = new Controller(checked.settings, undefined, t0);
    c.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: 1000 }) }, t0);
    const written: Record<string, unknown> = {};
    const keep = (fx: { type: string; key?: string; value?: unknown }[]) => {
      for (const f of fx) if (f.type === "persist" && f.key !== undefined) written[f.key] = f.value;
    };
    keep(c.command({ type: "dhw-boost", loadId: "ballon", durationMs: 3_600_000 }, t0 + 1000).effects);
    keep(c.command({ type: "forced-power", loadId: "borne", powerW: 3000 }, t0 + 2000).effects);
    expect(written.manager).toEqual({ tanks: { ballon: { boostUntilMs: t0 + 1000 + 3_600_000, legionellaDoneMs: null } }, forcedPowerW: { borne: 3000 } });
    // A probe reading changes no record: nothing written.
    const probe = c.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 48 }, t0 + 3000);
    expect(probe.some((f) => f.type === "persist")).toBe(false);
    const after = new Controller(checked.settings, { manager: written.manager as never }, t0 + 120_000);
    after.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: 1000 }) }, t0 + 120_000);
    const s = after.snapshot();
    expect(s.manager.tanks[0].boostUntilMs).toBe(t0 + 1000 + 3_600_000);
    expect(s.manager.forcedPowerW).toEqual({ borne: 3000 });
    expect(s.loads.find((l) => l.id === "ballon")?.reason).toBe("dhw_boost");
    // A damaged record is dropped field by field, never trusted.
    const damaged = new Controller(checked.settings, { manager: { tanks: { ballon: { boostUntilMs: "soon" } }, forcedPowerW: { borne: 99999 } } as never }, t0);
    expect(damaged.snapshot().manager.tanks[0].boostUntilMs).toBeNull();
    expect(damaged.snapshot().manager.forcedPowerW).toEqual({});
  });
});
