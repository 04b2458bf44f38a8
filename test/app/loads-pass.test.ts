// The loads pass is skipped when the last one still stands (src/app/loads-pass): that must never change a fact, a
// refusal or the snapshot. Random streams run twice, once with the skip and once with the pass forced every time.
import fc from "fast-check";
import { snapshotOf } from "../../src/app/snapshot";
import { initialState, type ControllerState } from "../../src/app/state";
import { transition } from "../../src/app/transition";
import type { ControllerEvent } from "../../src/app/types";
import { LOAD_KINDS } from "../../src/loads/kinds";
import { validateSettings } from "../../src/settings/validate";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { reading } from "./readings";

function settings() {
  const r = validateSettings({
    loads: [
      { id: "p0", kind: "relay", priority: 0, nominalPowerW: 300 },
      { id: "a", priority: 2, nominalPowerW: 2000, minOnMs: 120_000, minOffMs: 90_000 },
      { id: "b", priority: 3, nominalPowerW: 1500, minOnMs: 5_000, minOffMs: 10_000 },
      { id: "c", kind: "relay", priority: 3, nominalPowerW: 1500, maxSwitchesPerDay: 6 },
      { id: "ev", kind: "modulating", priority: 4, nominalPowerW: 3250, minPowerW: 1400, minOnMs: 0, minOffMs: 0 },
    ],
    rotationPeriodMs: 60_000,
    // A tight budget: the base load decides who runs, so frames whose power moves exercise the budget's part.
    availablePowerW: 7000,
  });
  if (!r.ok) throw new Error("settings");
  return r.settings;
}

/** Steady streams: a frame mostly repeats the last one (the case the skip is for), its power often moves. */
const step = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("tick" as const), dtMs: fc.constantFrom(100, 500, 1000) }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("same-frame" as const), dtMs: fc.constantFrom(500, 1500, 1700), powerDeltaVA: fc.constantFrom(0, 0, 100, -100, 1500, -1500) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("new-frame" as const),
      dtMs: fc.constantFrom(1000, 60_000, 3_600_000),
      colour: fc.constantFrom("blue", "white", "red", "none") as fc.Arbitrary<"blue" | "white" | "red" | "none">,
      period: fc.constantFrom("hp", "hc") as fc.Arbitrary<"hp" | "hc">,
      overload: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("command" as const),
      dtMs: fc.constantFrom(100, 30_000),
      event: fc.constantFrom<ControllerEvent>(
        { type: "mode-request", mode: "HEAT", source: "homekit" },
        { type: "mode-request", mode: "AUTO", source: "homekit" },
        { type: "load-override", loadId: "a", override: "off" },
        { type: "load-override", loadId: "a", override: "auto" },
        { type: "load-override", loadId: "c", override: "on" },
        { type: "tic-overload", overload: { source: "ADPS", label: "ADPS", data: "045", value: 45 } },
        { type: "output-confirmed", loadId: "c", on: false },
        { type: "settings", patch: { availablePowerW: 9000 } },
        { type: "settings", patch: { unknownColourPolicy: "red" } },
      ),
    }),
  },
);

describe("skipping a loads pass that still stands", () => {
  test("gives the same facts, refusals and snapshots as running every pass", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (steps) => {
        const startMs = parseIsoWithOffset("2026-01-15T05:50:00+01:00");
        let skipping: ControllerState = initialState(settings(), LOAD_KINDS, undefined, startMs);
        let always: ControllerState = skipping;
        let spec = { colour: "red" as "blue" | "white" | "red" | "none", period: "hc" as "hp" | "hc", powerVA: 2500, overload: false };
        let nowMs = startMs;
        for (const s of steps) {
          nowMs += s.dtMs;
          let event: ControllerEvent;
          if (s.kind === "tick") event = { type: "tick" };
          else if (s.kind === "command") event = s.event;
          else {
            if (s.kind === "same-frame") spec = { ...spec, powerVA: Math.max(0, spec.powerVA + s.powerDeltaVA) };
            else spec = { ...spec, colour: s.colour, period: s.period, overload: s.overload };
            event = { type: "tic-frame", reading: reading(spec) };
          }
          const a = transition(skipping, event, nowMs);
          const b = transition({ ...always, loadsPass: null }, event, nowMs);
          expect(a.effects).toEqual(b.effects);
          expect(a.refused).toEqual(b.refused);
          expect(snapshotOf(a.state)).toEqual(snapshotOf(b.state));
          skipping = a.state;
          always = b.state;
        }
      }),
      { numRuns: 80 },
    );
  });
});
