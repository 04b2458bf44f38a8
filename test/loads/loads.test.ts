// Load orders and their fail-safe coil levels, the anti-chatter guard, and rotation within a priority tier.
import { maySwitch, recordSwitch } from "../../src/loads/anti-chatter";
import { COILS_BY_ORDER, coilsFor, orderFor, outputCount, safeCoils } from "../../src/loads/orders";
import { rotationOrder } from "../../src/loads/rotation";
import { validateSettings } from "../../src/app/settings";
import type { LoadConfig } from "../../src/app/types";

function load(patch: Record<string, unknown>): LoadConfig {
  const r = validateSettings({ loads: [{ id: "x", nominalPowerW: 1000, ...patch }] });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.settings.loads[0];
}

describe("orders and coils (fail-safe: a released coil leaves the load running)", () => {
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
  ])("%o on=%s → %s %o", (patch, on, order, coils) => {
    const l = load(patch);
    expect(orderFor(l, on)).toBe(order);
    expect(coilsFor(l.kind, on, orderFor(l, on))).toEqual(coils);
  });

  test("booting releases every coil, and a running load has every coil released", () => {
    for (const kind of Object.keys(COILS_BY_ORDER) as (keyof typeof COILS_BY_ORDER)[]) {
      expect(safeCoils(kind)).toEqual(new Array(outputCount(kind)).fill(false));
      expect(coilsFor(kind, true, kind === "sg-ready" ? "sg-normal" : "confort")).toEqual(safeCoils(kind));
      expect(coilsFor(kind, true)).toEqual(safeCoils(kind));
    }
  });

  test("an order the kind cannot express falls back to plain on/off", () => {
    expect(coilsFor("relay", false, "eco")).toEqual([true]);
    expect(coilsFor("sg-ready", false, "arret")).toEqual([true, false]);
  });

  test("the table is frozen", () => {
    expect(Object.isFrozen(COILS_BY_ORDER)).toBe(true);
    expect(Object.isFrozen(COILS_BY_ORDER["fil-pilote-2"].arret)).toBe(true);
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
