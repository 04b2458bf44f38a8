// Defects of the pre-reshape engine, each driven through a Controller with real readings: restore order after an
// overrun, a load held on by its minimum on time in the budget, no cold minute at boot, restore quiet time.
import { Controller } from "../../src/app/controller";
import type { ControllerEvent, ControllerSnapshot, Effect, PersistedState, Settings } from "../../src/app/types";
import { validateSettings } from "../../src/settings/validate";
import { parseIsoWithOffset as at } from "../../src/tariff/local-time";
import { reading, type ReadingSpec } from "./readings";

function settings(loads: unknown[], extra: Record<string, unknown> = {}): Settings {
  const r = validateSettings({ loads, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.settings;
}
const frame = (spec: ReadingSpec): ControllerEvent => ({ type: "tic-frame", reading: reading(spec) });
type LoadEffect = Extract<Effect, { type: "load" }>;
const loadFx = (fx: Effect[], id?: string): LoadEffect[] => fx.filter((e): e is LoadEffect => e.type === "load" && (id === undefined || e.id === id));
const onLoads = (snap: ControllerSnapshot): string[] => snap.loads.filter((l) => l.on).map((l) => l.id);
/** What the meter reads: the house's own use plus every load of ours that runs. */
const drawnVA = (c: Controller, baseVA: number): number => baseVA + c.snapshot().loads.reduce((w, l) => w + (l.on ? l.nominalPowerW : 0), 0);
const FRAME_MS = 1500;

describe("a. after an overrun, loads come back one at a time, most important first, budget-cut ones included", () => {
  test("the budget-cut chambres (priority 3) and the overload-shed boiler (priority 4) never come back in the same instant", () => {
    const loads = [
      { id: "living", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 },
      { id: "chambres", kind: "fil-pilote-2", priority: 3, nominalPowerW: 1500 },
      { id: "boiler", kind: "water-heater", priority: 4, nominalPowerW: 2500, heatIn: "any", legionella: false },
    ];
    const t0 = at("2026-01-13T19:00:00+01:00"); // a blue evening, 9 kVA subscribed, 500 W margin: 8500 W to hand out
    const overrunMs = t0 + 600_000;
    const quietMs = overrunMs + 30_000;
    // 1 kVA of house use, then 5.3 kVA more (oven + kettle) for 30 s: 11.3 kVA with all three loads on.
    const houseVA = (t: number) => (t >= overrunMs && t < quietMs ? 5300 : 1000);
    const c = new Controller(settings(loads), undefined, t0);
    const ons: [number, string][] = [];
    const facts: [number, LoadEffect][] = [];
    for (let t = t0; t <= quietMs + 400_000; t += FRAME_MS) {
      const powerVA = drawnVA(c, houseVA(t));
      const fx = c.dispatch(frame({ colour: "blue", period: "hp", powerVA, overload: powerVA > 9000 }), t);
      for (const e of loadFx(fx)) {
        facts.push([t, e]);
        if (e.on && t >= overrunMs) ons.push([t, e.id]);
      }
    }
    // What the overrun did: the boiler shed for overload, chambres cut by the budget (base estimate 5.3 kVA).
    const at1 = facts.filter(([t]) => t === overrunMs).map(([, e]) => [e.id, e.on, e.reason]);
    expect(at1).toEqual(expect.arrayContaining([["boiler", false, "overload"], ["chambres", false, "budget"]]));
    // Both back, each alone, most important first, the second one hold time after the first.
    expect(ons.map(([, id]) => id)).toEqual(["chambres", "boiler"]);
    expect(new Set(ons.map(([t]) => t)).size).toBe(ons.length);
    expect(ons[0][0]).toBe(quietMs + 60_000);
    expect(ons[1][0] - ons[0][0]).toBeGreaterThanOrEqual(60_000);
    expect(onLoads(c.snapshot())).toEqual(["living", "chambres", "boiler"]);
  });
});

describe("b. a load held on by its minimum on time counts as on in the budget", () => {
  test("forcing chambres off inside its minimum on time does not let the 2.4 kW water heater start on a 6 kVA meter", () => {
    const loads = [
      { id: "chambres", kind: "fil-pilote-2", priority: 3, nominalPowerW: 1500 },
      { id: "chauffe-eau", kind: "water-heater", priority: 4, nominalPowerW: 2400, heatIn: "any", legionella: false },
    ];
    const c = new Controller(settings(loads), undefined, at("2026-01-14T21:00:00+01:00"));
    const meter = (iso: string) => {
      const t = at(iso);
      const fx = c.dispatch(frame({ colour: "white", period: t >= at("2026-01-14T22:00:00+01:00") ? "hc" : "hp", powerVA: drawnVA(c, 2000), subscribedVA: 6000 }), t);
      return fx;
    };
    meter("2026-01-14T21:00:00+01:00"); // white peak: both shed
    meter("2026-01-14T21:30:00+01:00");
    // 22:00, off-peak: 6000 VA − 500 margin − 2000 house = 3500 W: chambres (1.5 kW) on, the heater (2.4 kW) does not fit.
    const hc = meter("2026-01-14T22:00:00+01:00");
    expect(loadFx(hc).map((e) => [e.id, e.on, e.reason])).toEqual([["chambres", true, "normal"], ["chauffe-eau", false, "budget"]]);
    const forced = c.dispatch({ type: "load-override", loadId: "chambres", override: "off" }, at("2026-01-14T22:00:10+01:00"));
    expect(loadFx(forced, "chauffe-eau")).toEqual([]);
    const chambres = c.snapshot().loads[0];
    expect([chambres.on, chambres.detail]).toEqual([true, expect.stringContaining("held by min_on")]);
    // Every frame while chambres is held on: the heater stays off (it would overrun: 2000 + 1500 + 2400 > 5500).
    for (let t = at("2026-01-14T22:00:12+01:00"); t < at("2026-01-14T22:01:00+01:00"); t += FRAME_MS) {
      const fx = c.dispatch(frame({ colour: "white", period: "hc", powerVA: drawnVA(c, 2000), subscribedVA: 6000 }), t);
      expect(loadFx(fx, "chauffe-eau").filter((e) => e.on)).toEqual([]);
      expect(onLoads(c.snapshot())).toEqual(["chambres"]);
    }
    // Once its minimum on time is over chambres goes off, and then the heater fits.
    const after = meter("2026-01-14T22:01:00+01:00");
    expect(loadFx(after).map((e) => [e.id, e.on, e.reason])).toEqual([["chambres", false, "forced_off"], ["chauffe-eau", true, "normal"]]);
  });
});

describe("c. no minute of cold at start", () => {
  const loads = [
    { id: "living", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 },
    { id: "boiler", kind: "relay", priority: 4, nominalPowerW: 2500 },
  ];
  const ids = loads.map((l) => l.id);

  test("a fresh box at 09:00 with today's colour unknown sheds nothing until the first frame; a blue frame cuts nothing", () => {
    const t0 = at("2026-01-14T09:00:00+01:00");
    const c = new Controller(settings(loads), undefined, t0);
    const boot = c.dispatch({ type: "tick" }, t0);
    expect(loadFx(boot).map((e) => [e.id, e.on, e.reason])).toEqual([["living", true, "boot"], ["boiler", true, "boot"]]);
    for (let t = t0 + 1000; t < t0 + 5000; t += 1000) expect(loadFx(c.dispatch({ type: "tick" }, t))).toEqual([]);
    const first = c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 5500 }), t0 + 5000);
    expect(loadFx(first).map((e) => [e.id, e.on, e.reason])).toEqual([["living", true, "normal"], ["boiler", true, "normal"]]);
    const snap = c.snapshot();
    expect(onLoads(snap)).toEqual(ids);
    // No minimum-off hold: nothing was switched off, nothing waits.
    for (const l of snap.loads) expect([l.id, l.detail, l.lastSwitchMs]).toEqual([l.id, expect.not.stringContaining("held by"), null]);
  });

  test("a fresh box whose first frame says white still sheds at once (the boot state is not a decision)", () => {
    const t0 = at("2026-01-14T09:00:00+01:00");
    const c = new Controller(settings(loads), undefined, t0);
    c.dispatch({ type: "tick" }, t0);
    const first = c.dispatch(frame({ colour: "white", period: "hp", powerVA: 5500 }), t0 + 2000);
    expect(loadFx(first).map((e) => [e.id, e.on, e.reason])).toEqual([["living", false, "white_peak"], ["boiler", false, "white_peak"]]);
  });

  test("a restart in the middle of a red peak with this Tempo day's colours sheds at once, before any frame", () => {
    const persisted: PersistedState = { tariff: { dayStartMs: at("2026-01-15T06:00:00+01:00"), today: "red", tomorrow: "unknown", contract: "tempo" } };
    const c = new Controller(settings(loads), persisted, at("2026-01-15T11:00:00+01:00"));
    const fx = c.dispatch({ type: "tick" }, at("2026-01-15T11:00:00+01:00"));
    expect(loadFx(fx).map((e) => [e.id, e.on, e.reason])).toEqual([["living", false, "red_peak"], ["boiler", false, "red_peak"]]);
  });

  test("a restart the next Tempo day knows today from yesterday's tomorrow and sheds a red peak before any frame", () => {
    const persisted: PersistedState = { tariff: { dayStartMs: at("2026-01-14T06:00:00+01:00"), today: "white", tomorrow: "red", contract: "tempo" } };
    const c = new Controller(settings(loads), persisted, at("2026-01-15T11:00:00+01:00"));
    const fx = c.dispatch({ type: "tick" }, at("2026-01-15T11:00:00+01:00"));
    expect(loadFx(fx).map((e) => [e.id, e.on, e.reason])).toEqual([["living", false, "red_peak"], ["boiler", false, "red_peak"]]);
  });

  test("a restart on a blue day with this Tempo day's colours cuts nothing", () => {
    const persisted: PersistedState = { tariff: { dayStartMs: at("2026-01-13T06:00:00+01:00"), today: "blue", tomorrow: "white", contract: "tempo" } };
    const t0 = at("2026-01-13T09:00:00+01:00");
    const c = new Controller(settings(loads), persisted, t0);
    const fx = c.dispatch({ type: "tick" }, t0);
    expect(loadFx(fx).map((e) => [e.id, e.on, e.reason])).toEqual([["living", true, "normal"], ["boiler", true, "normal"]]);
    for (let t = t0 + 1000; t <= t0 + 20_000; t += 1000) expect(loadFx(c.dispatch({ type: "tick" }, t)).filter((e) => !e.on)).toEqual([]);
  });

  test("with no frame by the meter-lost timeout, the unknown-colour policy applies again", () => {
    const t0 = at("2026-01-14T09:00:00+01:00");
    const c = new Controller(settings(loads), undefined, t0);
    c.dispatch({ type: "tick" }, t0);
    expect(loadFx(c.dispatch({ type: "tick" }, t0 + 9_999))).toEqual([]);
    const lost = c.dispatch({ type: "tick" }, t0 + 10_000);
    expect(lost).toContainEqual(expect.objectContaining({ type: "fault", fault: "meter-lost", active: true }));
    expect(loadFx(lost).map((e) => [e.id, e.on, e.reason])).toEqual([["living", false, "white_peak"], ["boiler", false, "white_peak"]]);

    const red = new Controller(settings(loads, { unknownColourPolicy: "red" }), undefined, t0);
    expect(loadFx(red.dispatch({ type: "tick" }, t0)).map((e) => e.reason)).toEqual(["boot", "boot"]);
    expect(loadFx(red.dispatch({ type: "tick" }, t0 + 10_000)).map((e) => [e.id, e.on, e.reason])).toEqual([["living", false, "red_peak"], ["boiler", false, "red_peak"]]);
  });
});

describe("d. the restore quiet time counts from the first low reading, not from the last high one", () => {
  test("high at t, low from t + 1.5 s: the boiler comes back hold time after t + 1.5 s", () => {
    const loads = [
      { id: "living", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 },
      { id: "boiler", kind: "relay", priority: 4, nominalPowerW: 2500 },
    ];
    const holdMs = 60_000;
    const c = new Controller(settings(loads, { overloadRestoreHoldMs: holdMs }), undefined, at("2026-01-13T19:00:00+01:00"));
    const t0 = at("2026-01-13T19:00:00+01:00");
    for (let t = t0; t < t0 + 600_000; t += 60_000) c.dispatch(frame({ colour: "blue", period: "hp", powerVA: drawnVA(c, 1000) }), t);
    const shed = c.dispatch({ type: "tic-overload", overload: { source: "ADPS", label: "ADPS", data: "045", value: 45 } }, t0 + 600_000);
    expect(loadFx(shed).map((e) => [e.id, e.on, e.reason])).toEqual([["boiler", false, "overload"]]);
    // One high reading (7 kVA: above 9000 − 2500 − 300 = 6200 VA, below the limit), then low ones every 1.5 s.
    const t = t0 + 603_000;
    c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 7000 }), t);
    const back: number[] = [];
    let restoreLog: Effect | undefined;
    for (let u = t + FRAME_MS; u <= t + FRAME_MS + holdMs + 3000; u += FRAME_MS) {
      const fx = c.dispatch(frame({ colour: "blue", period: "hp", powerVA: drawnVA(c, 1000) }), u);
      if (loadFx(fx, "boiler").some((e) => e.on)) back.push(u);
      restoreLog = restoreLog ?? fx.find((e) => e.type === "log" && e.message === "overload over: boiler may run again");
    }
    expect(back).toEqual([t + FRAME_MS + holdMs]);
    expect(restoreLog).toEqual(expect.objectContaining({ fields: expect.objectContaining({ quietMs: holdMs, powerVA: 3000 }) }));
  });
});
