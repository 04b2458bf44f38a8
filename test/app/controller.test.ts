// Controller behaviour beyond the shared tables: persistence, overrides, unresolved overload, rotation,
// settings changes, external tomorrow, meter clock, snapshot.
import { engineLed, homekitValues } from "../../src/publish/presentation";
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import type { ControllerEvent, Effect, PersistedState, Settings } from "../../src/app/types";
import { parseIsoWithOffset as at } from "../../src/tariff/local-time";
import { reading, type ReadingSpec } from "./readings";

function settings(extra: Record<string, unknown> = {}): Settings {
  const r = validateSettings({
    loads: [
      { id: "living", priority: 2, nominalPowerW: 2000 },
      { id: "boiler", kind: "relay", priority: 4, nominalPowerW: 2500 },
    ],
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.settings;
}
const frame = (spec: ReadingSpec): ControllerEvent => ({ type: "tic-frame", reading: reading(spec) });
const loadFx = (fx: Effect[], id: string) => fx.filter((e) => e.type === "load" && e.id === id);

describe("Controller", () => {
  test("owner acts are written at once, colours after a debounce; a restart restores HEAT and overrides", () => {
    const t0 = at("2026-01-14T09:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    const store: PersistedState = {};
    const keep = (fx: Effect[]) => {
      for (const e of fx) if (e.type === "persist") (store as Record<string, unknown>)[e.key] = e.value;
      return fx.filter((e) => e.type === "persist").length;
    };
    // Colours are frequent internal state: the first change starts a 5 s wait, then one write if they really changed.
    // The owner's acts are rare and must survive a power cut right after them: each is written at once.
    expect(keep(c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800 }), t0))).toBe(0);
    expect(keep(c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800 }), t0 + 1500))).toBe(0);
    expect(keep(c.dispatch({ type: "mode-request", mode: "HEAT", source: "web" }, t0 + 3000))).toBe(1);
    expect(keep(c.dispatch({ type: "load-override", loadId: "boiler", override: "off", untilMs: t0 + 7_200_000 }, t0 + 4000))).toBe(1);
    expect(keep(c.dispatch({ type: "tick" }, t0 + 5000))).toBe(1); // the colours
    expect(keep(c.dispatch({ type: "tick" }, t0 + 20_000))).toBe(0);
    expect(store.owner).toEqual({
      mode: "HEAT",
      heatUntilMs: at("2026-01-14T22:00:00+01:00"),
      overrides: { boiler: { override: "off", untilMs: t0 + 7_200_000 } },
      thermostat: { targetTemperatureC: 19, displayUnits: "celsius" },
    });
    expect(store.tariff).toEqual({ dayStartMs: at("2026-01-14T06:00:00+01:00"), today: "white", tomorrow: "unknown", contract: "tempo" });

    const again = new Controller(settings(), store, t0 + 60_000);
    const fx = again.dispatch({ type: "tick" }, t0 + 60_000);
    expect(again.snapshot().mode).toBe("HEAT");
    expect(loadFx(fx, "living")).toEqual([expect.objectContaining({ on: true, reason: "heat_mode" })]);
    expect(loadFx(fx, "boiler")).toEqual([expect.objectContaining({ on: false, reason: "forced_off" })]);
    // The override expires by itself.
    const later = again.dispatch({ type: "tick" }, t0 + 7_200_000);
    expect(later).toContainEqual(expect.objectContaining({ type: "log", message: "override of boiler expired" }));
  });

  test("before the first frame no load is cut for a guessed budget; the budget applies from the first reading", () => {
    const t0 = at("2026-01-14T23:00:00+01:00"); // off-peak on our own clock: no tariff shedding
    // 4500 W of loads against a 3000 VA fallback: a guessed budget would cut the boiler at boot.
    const c = new Controller(settings({ fallbackSubscribedVA: 3000 }), undefined, t0);
    const boot = c.dispatch({ type: "tick" }, t0);
    expect(loadFx(boot, "boiler")).toEqual([expect.objectContaining({ on: true })]);
    expect(loadFx(boot, "living")).toEqual([expect.objectContaining({ on: true })]);
    // The meter says 3 kVA subscribed and 400 VA of other use: now the boiler does not fit and goes off.
    const first = c.dispatch(frame({ colour: "blue", period: "hc", powerVA: 4900, subscribedVA: 3000 }), t0 + 1500);
    expect(loadFx(first, "boiler")).toEqual([expect.objectContaining({ on: false, reason: "budget" })]);
  });

  test("with no meter at all, the fallback budget applies once the meter is declared lost", () => {
    const t0 = at("2026-01-14T23:00:00+01:00");
    const c = new Controller(settings({ fallbackSubscribedVA: 3000 }), undefined, t0);
    c.dispatch({ type: "tick" }, t0);
    const lost = c.dispatch({ type: "tick" }, t0 + 11_000);
    expect(lost).toContainEqual(expect.objectContaining({ type: "fault", fault: "meter-lost", active: true }));
    expect(loadFx(lost, "boiler")).toEqual([expect.objectContaining({ on: false, reason: "budget" })]);
  });

  test("HEAT set 2 s before a power cut comes back as HEAT (was AUTO with the 5 s debounce)", () => {
    const t0 = at("2026-01-14T09:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    const store: Record<string, unknown> = {};
    const keep = (fx: Effect[]) => fx.forEach((e) => e.type === "persist" && (store[e.key] = e.value));
    keep(c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800 }), t0));
    keep(c.dispatch({ type: "tick" }, t0 + 10_000));
    keep(c.dispatch({ type: "mode-request", mode: "HEAT", source: "button" }, t0 + 20_000));
    // The power goes at t0 + 22 s: nothing else was dispatched.
    const again = new Controller(settings(), store as PersistedState, t0 + 60_000);
    again.dispatch({ type: "tick" }, t0 + 60_000);
    expect(again.snapshot().mode).toBe("HEAT");
  });

  test("every button press is written at once; the quiet time after writes nothing more", () => {
    const t0 = at("2026-01-14T09:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    let writes = 0;
    const count = (fx: Effect[]) => (writes += fx.filter((e) => e.type === "persist" && e.key === "owner").length);
    count(c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800 }), t0));
    count(c.dispatch({ type: "tick" }, t0 + 10_000));
    for (let i = 1; i <= 9; i++) count(c.dispatch({ type: "mode-request", mode: i % 2 ? "HEAT" : "AUTO", source: "button" }, t0 + 20_000 + i * 300));
    for (let i = 0; i < 10; i++) count(c.dispatch({ type: "tick" }, t0 + 24_000 + i * 1000));
    expect(writes).toBe(10); // the first save of a fresh box, then each of the 9 presses
  });

  test("forced on beats a red peak, never overload", () => {
    const t0 = at("2026-01-15T09:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    c.dispatch(frame({ colour: "red", period: "hp", powerVA: 800 }), t0);
    const on = c.dispatch({ type: "load-override", loadId: "living", override: "on" }, t0 + 120_000);
    expect(loadFx(on, "living")).toEqual([expect.objectContaining({ on: true, reason: "forced_on" })]);
    const cut = c.dispatch({ type: "tic-overload", overload: { source: "ADPS", label: "ADPS", data: "050", value: 50 } }, t0 + 121_000);
    expect(loadFx(cut, "living")).toEqual([expect.objectContaining({ on: false, reason: "overload" })]);
  });

  test("everything sheddable off and the overrun goes on: one fault and one log, no flapping", () => {
    const t0 = at("2026-01-13T19:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 1000 }), t0);
    const fx: Effect[] = [];
    for (let i = 1; i <= 20; i++) fx.push(...c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 11000, overload: true }), t0 + i * 1500));
    expect(fx.filter((e) => e.type === "load").map((e) => e.type === "load" && [e.id, e.on, e.reason])).toEqual([
      ["boiler", false, "overload"],
      ["living", false, "overload"],
    ]);
    expect(fx.filter((e) => e.type === "fault")).toEqual([expect.objectContaining({ fault: "overload-unresolved", active: true })]);
    // The LED is derived on the publish path from the snapshot: it shows the unresolved overrun.
    expect(engineLed(c.snapshot(), 0, t0 + 30_000)).toBe("overload-unresolved");
    expect(fx.filter((e) => e.type === "log" && e.level === "error")).toHaveLength(1);
    const clear = c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 7000 }), t0 + 40_000);
    expect(clear).toContainEqual(expect.objectContaining({ type: "fault", fault: "overload-unresolved", active: false }));
    expect(engineLed(c.snapshot(), 0, t0 + 40_000)).toBe("normal");
  });

  test("rotation: when a tier cannot all run, who waits changes every period", () => {
    const s = settings({
      rotationPeriodMs: 300_000,
      availablePowerW: 3000,
      loads: [
        { id: "r1", priority: 3, nominalPowerW: 1000, minOnMs: 0, minOffMs: 0 },
        { id: "r2", priority: 3, nominalPowerW: 1000, minOnMs: 0, minOffMs: 0 },
        { id: "r3", priority: 3, nominalPowerW: 1000, minOnMs: 0, minOffMs: 0 },
      ],
    });
    const t0 = Math.ceil(at("2026-01-13T14:00:00+01:00") / 300_000) * 300_000;
    const c = new Controller(s, undefined, t0);
    const offAt = (t: number) => {
      const onW = c.snapshot().loads.filter((l) => l.on).length * 1000;
      c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 1000 + onW }), t); // 1000 VA base + our loads
      return c.snapshot().loads.filter((l) => !l.on).map((l) => [l.id, l.reason]);
    };
    const first = offAt(t0 + 10_000);
    const second = offAt(t0 + 310_000);
    const third = offAt(t0 + 610_000);
    expect([first, second, third].map((x) => x.length)).toEqual([1, 1, 1]);
    expect(new Set([first[0][0], second[0][0], third[0][0]]).size).toBe(3);
    expect(second[0][1]).toBe("rotation");
  });

  test("settings: a bad patch is refused with its field; a good one adds a load and persists", () => {
    const t0 = at("2026-01-13T14:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 800 }), t0);
    const bad = c.dispatch({ type: "settings", patch: { rotationPeriodMs: 5 } }, t0 + 1000);
    expect(bad).toContainEqual({ type: "refused", request: "settings", reason: "rotationPeriodMs: must be between 60000 and 86400000, got 5" });
    const loads = [...c.settings().loads, { ...c.settings().loads[0], id: "office", name: "Office", nominalPowerW: 800 }];
    const good = c.dispatch({ type: "settings", patch: { loads } }, t0 + 2000);
    expect(good).toContainEqual(expect.objectContaining({ type: "persist", key: "settings" }));
    expect(loadFx(good, "office")).toEqual([expect.objectContaining({ on: true })]);
    expect(c.snapshot().loads.map((l) => l.id)).toEqual(["living", "boiler", "office"]);
  });

  test("an external tomorrow colour raises the HomeKit alert; a meter clock off by an hour is flagged", () => {
    const t0 = at("2026-01-14T11:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800 }), t0);
    const fx = c.dispatch({ type: "tomorrow-external", colour: "red", source: "rte" }, t0 + 1000);
    expect(fx).toContainEqual(expect.objectContaining({ type: "tariff", tomorrow: "red" }));
    expect(homekitValues(c.snapshot()).tomorrowAlert).toBe(true);
    const skew = c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800, meterTime: "H260114120002" }), t0 + 2000);
    expect(skew).toContainEqual(expect.objectContaining({ type: "tariff", suspicious: ["meter clock off by 3600 s"] }));
  });

  test("unknown load override is refused; snapshot explains every load", () => {
    const t0 = at("2026-01-14T11:00:00+01:00");
    const c = new Controller(settings(), undefined, t0);
    c.dispatch(frame({ colour: "white", period: "hp", powerVA: 800 }), t0);
    expect(c.dispatch({ type: "load-override", loadId: "garage", override: "on" }, t0 + 1)).toContainEqual({ type: "refused", request: "override garage", reason: "unknown load" });
    const snap = c.snapshot();
    expect(snap.meter).toEqual({ status: "ok", lastFrameMs: t0, powerVA: 800, limitVA: 9000 });
    expect(snap.loads[0]).toEqual(expect.objectContaining({ id: "living", on: false, reason: "white_peak", order: "hors-gel", override: "auto" }));
    expect(snap.loads[0].detail).toContain("white HP");
  });
});
