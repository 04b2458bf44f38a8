// Settings validation: defaults, and every bad field reported by name.
import { defaultSettings, validateSettings } from "../../src/settings/validate";

describe("settings", () => {
  test("an empty object is the defaults; the defaults validate", () => {
    const r = validateSettings({});
    expect(r).toEqual({ ok: true, settings: defaultSettings() });
    expect(validateSettings(defaultSettings()).ok).toBe(true);
    expect(defaultSettings()).toEqual(expect.objectContaining({ unknownColourPolicy: "white", rotationPeriodMs: 300_000, overloadRestoreHoldMs: 60_000, meterLostTimeoutMs: 10_000 }));
  });

  test("a heat pump saved without a priority gets the plan's 1, hot water the table's 2; a given one is kept", () => {
    const r = validateSettings({ loads: [{ id: "pac", kind: "sg-ready", nominalPowerW: 2000 }, { id: "pac2", kind: "sg-ready", priority: 3, nominalPowerW: 2000 }, { id: "ballon", kind: "water-heater", nominalPowerW: 2400 }] });
    expect(r.ok && r.settings.loads.map((load) => load.priority)).toEqual([1, 3, 2]);
  });

  test("a load gets its defaults", () => {
    const r = validateSettings({ loads: [{ id: "living", nominalPowerW: 2000 }] });
    expect(r.ok && r.settings.loads[0]).toEqual({
      id: "living",
      name: "living",
      kind: "fil-pilote-1",
      shedOrder: "hors-gel",
      priority: 2,
      nominalPowerW: 2000,
      shedBy: ["red_peak", "white_peak", "overload"],
      minOnMs: 60_000,
      minOffMs: 60_000,
      maxSwitchesPerDay: 48,
    });
  });

  test("every problem is reported with its field", () => {
    const r = validateSettings({
      unknownColourPolicy: "green",
      heatDurationMs: 5,
      colour: 1,
      loads: [
        { id: "Living Room", nominalPowerW: 2000 },
        { id: "a", priority: 5, kind: "triac", shedBy: ["red_peak", "sunset"] },
        { id: "a", nominalPowerW: 100, minOnMs: 1.5 },
        "heater",
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(
      [
        "colour",
        "heatDurationMs",
        "loads[0].id",
        "loads[1].kind",
        "loads[1].nominalPowerW",
        "loads[1].priority",
        "loads[1].shedBy[1]",
        "loads[2].id",
        "loads[2].minOnMs",
        "loads[3]",
        "unknownColourPolicy",
      ].sort(),
    );
    expect(r.errors.find((e) => e.field === "loads[1].priority")?.message).toBe("must be between 0 and 4, got 5");
    expect(r.errors.find((e) => e.field === "loads[2].id")?.message).toBe('duplicate id "a"');
  });

  test("not an object", () => {
    expect(validateSettings(null)).toEqual({ ok: false, errors: [{ field: "settings", message: "must be an object" }] });
  });
});
