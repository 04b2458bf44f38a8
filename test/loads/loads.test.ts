// Load orders and their fail-safe coil levels, the anti-chatter guard, and rotation within a priority tier.
import { maySwitch, recordSwitch } from "../../src/loads/anti-chatter";
import { LOAD_KINDS, orderFor, safeContacts } from "../../src/loads/kinds";
import { rotationOrder } from "../../src/loads/rotation";
import { validateSettings } from "../../src/settings/validate";
import type { LoadConfig } from "../../src/app/types";

function load(patch: Record<string, unknown>): LoadConfig {
  const r = validateSettings({ loads: [{ id: "x", nominalPowerW: 1000, ...patch }] });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.settings.loads[0];
}

describe("kind drivers: level → order and contacts (fail-safe: a released coil leaves the load running)", () => {
  test.each([
    [{ kind: "relay" }, true, undefined, [false]],
    [{ kind: "relay" }, false, undefined, [true]],
    [{ kind: "fil-pilote-1" }, true, "confort", [false]],
    [{ kind: "fil-pilote-1" }, false, "hors-gel", [true]],
    [{ kind: "fil-pilote-2", shedOrder: "hors-gel" }, false, "hors-gel", [true, false]],
    [{ kind: "fil-pilote-2", shedOrder: "arret" }, false, "arret", [false, true]],
    [{ kind: "fil-pilote-2", shedOrder: "eco" }, false, "eco", [true, true]],
    [{ kind: "fil-pilote-2" }, true, "confort", [false, false]],
    [{ kind: "sg-ready" }, false, "sg-lock", [true, false]],
    [{ kind: "sg-ready" }, true, "sg-normal", [false, false]],
    [{ kind: "water-heater" }, true, undefined, [false]],
    [{ kind: "water-heater" }, false, undefined, [true]],
  ])("%o on=%s → %s %o", (patch, on, order, coils) => {
    const l = load(patch);
    const drive = LOAD_KINDS[l.kind].drive(l, on ? "normal" : "off", l.nominalPowerW);
    expect(drive.order).toBe(order);
    expect(drive.contacts).toEqual(coils);
    expect(orderFor(LOAD_KINDS, l, on ? "normal" : "off")).toBe(order);
  });

  test("levels beyond on/off: eco and boost for pilot wires and SG-Ready (3 = recommended: contact B only)", () => {
    const fp = load({ kind: "fil-pilote-2" });
    expect(LOAD_KINDS["fil-pilote-2"].drive(fp, "eco", 0)).toEqual({ order: "eco", contacts: [true, true] });
    expect(LOAD_KINDS["fil-pilote-2"].drive(fp, "boost", 0)).toEqual({ order: "confort", contacts: [false, false] });
    const hp = load({ kind: "sg-ready" });
    expect(LOAD_KINDS["sg-ready"].drive(hp, "boost", 0)).toEqual({ order: "sg-recommended", contacts: [false, true] });
    expect(LOAD_KINDS["sg-ready"].drive(hp, "eco", 0)).toEqual({ order: "sg-normal", contacts: [false, false] });
  });

  test("a setpoint load gets its allocated power, 0 when off, and has no contact", () => {
    const ev = load({ kind: "modulating", minPowerW: 1400 });
    expect(LOAD_KINDS.modulating.drive(ev, "normal", 3200)).toEqual({ contacts: [], setpointW: 3200 });
    expect(LOAD_KINDS.modulating.drive(ev, "off", 3200)).toEqual({ contacts: [], setpointW: 0 });
  });

  test("booting releases every contact, and a running load has every contact released", () => {
    for (const kind of Object.keys(LOAD_KINDS)) {
      const spec = LOAD_KINDS[kind];
      expect(safeContacts(LOAD_KINDS, kind)).toEqual(new Array(spec.contacts).fill(false));
      expect(spec.drive(load({ kind }), "normal", 1000).contacts).toEqual(safeContacts(LOAD_KINDS, kind));
    }
  });

  test("the table is frozen", () => {
    expect(Object.isFrozen(LOAD_KINDS)).toBe(true);
    expect(Object.isFrozen(LOAD_KINDS["fil-pilote-2"])).toBe(true);
    expect(Object.isFrozen(LOAD_KINDS["fil-pilote-2"].drive(load({ kind: "fil-pilote-2", shedOrder: "arret" }), "off", 0).contacts)).toBe(true);
  });
});

describe("anti-chatter", () => {
  const l = load({ minOnMs: 120_000, minOffMs: 60_000, maxSwitchesPerDay: 2 });
  const fresh = { lastSwitchMs: null, switchesToday: 0, dayStartMs: 0 };

  test("minimum on and off times hold every cause but a safety cut", () => {
    const h = recordSwitch(fresh, 1_000_000, 0); // switched on at t = 1000 s
    expect(maySwitch(l, h, false, "tariff", 1_000_000 + 119_999)).toEqual(expect.objectContaining({ allowed: false, heldBy: "min_on" }));
    expect(maySwitch(l, h, false, "tariff", 1_000_000 + 120_000).allowed).toBe(true);
    expect(maySwitch(l, h, false, "safety", 1_000_001).allowed).toBe(true);
    expect(maySwitch(l, h, true, "safety", 1_000_000 + 59_999)).toEqual(expect.objectContaining({ allowed: false, heldBy: "min_off" }));
  });

  test("the daily budget limits discretionary moves only, and resets with the day", () => {
    let h = recordSwitch(fresh, 0, 0);
    h = recordSwitch(h, 200_000, 0);
    expect(maySwitch(l, h, true, "discretionary", 400_000)).toEqual(expect.objectContaining({ allowed: false, heldBy: "switch_budget" }));
    expect(maySwitch(l, h, true, "tariff", 400_000).allowed).toBe(true);
    expect(recordSwitch(h, 90_000_000, 86_400_000).switchesToday).toBe(1);
  });
});

describe("rotation", () => {
  const loads = [
    { id: "a", priority: 3 },
    { id: "b", priority: 3 },
    { id: "c", priority: 3 },
    { id: "z", priority: 1 },
  ];
  test("priority order first; the tier's order turns every period", () => {
    const period = 300_000;
    expect(rotationOrder(loads, 0, period).map((l) => l.id)).toEqual(["z", "a", "b", "c"]);
    expect(rotationOrder(loads, period, period).map((l) => l.id)).toEqual(["z", "b", "c", "a"]);
    expect(rotationOrder(loads, 2 * period + 1, period).map((l) => l.id)).toEqual(["z", "c", "a", "b"]);
    expect(rotationOrder(loads, 3 * period, period).map((l) => l.id)).toEqual(["z", "a", "b", "c"]);
  });
});
