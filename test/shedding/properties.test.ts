// Properties of the whole engine under random event streams: anti-chatter, priority 0, overload, HEAT.
import fc from "fast-check";
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import type { ControllerEvent, Effect, Settings } from "../../src/app/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { reading } from "../app/readings";

function settings(): Settings {
  const r = validateSettings({
    loads: [
      { id: "p0", kind: "relay", priority: 0, nominalPowerW: 300 },
      { id: "a", priority: 2, nominalPowerW: 2000, minOnMs: 120_000, minOffMs: 90_000 },
      { id: "b", priority: 3, nominalPowerW: 1500, minOnMs: 60_000, minOffMs: 300_000 },
      { id: "c", kind: "relay", priority: 3, nominalPowerW: 1500, maxSwitchesPerDay: 6 },
      { id: "d", kind: "relay", priority: 4, nominalPowerW: 2500, minOnMs: 30_000, minOffMs: 30_000, shedBy: ["overload", "meter_lost"] },
    ],
    rotationPeriodMs: 60_000,
  });
  if (!r.ok) throw new Error("settings");
  return r.settings;
}

const colour = fc.constantFrom("blue", "white", "red", "none") as fc.Arbitrary<"blue" | "white" | "red" | "none">;
const event: fc.Arbitrary<ControllerEvent> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ type: "tick" } as ControllerEvent) },
  {
    weight: 5,
    arbitrary: fc.record({ colour, period: fc.constantFrom("hp", "hc") as fc.Arbitrary<"hp" | "hc">, powerVA: fc.integer({ min: 0, max: 14000 }), overload: fc.boolean() })
      .map((spec) => ({ type: "tic-frame", reading: reading(spec) }) as ControllerEvent),
  },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 70 }).map((a) => ({ type: "tic-overload", overload: { source: "ADPS", label: "ADPS", data: String(a), value: a } }) as ControllerEvent) },
  { weight: 1, arbitrary: fc.constantFrom("AUTO", "HEAT").map((mode) => ({ type: "mode-request", mode, source: "homekit" }) as ControllerEvent) },
  {
    weight: 1,
    arbitrary: fc.record({ loadId: fc.constantFrom("p0", "a", "b", "c", "d"), override: fc.constantFrom("auto", "on", "off") })
      .map((o) => ({ type: "load-override", ...o }) as ControllerEvent),
  },
);
const stream = fc.array(fc.tuple(fc.integer({ min: 0, max: 90_000 }), event), { minLength: 1, maxLength: 150 });
const startMs = parseIsoWithOffset("2026-01-15T05:30:00+01:00");

function play(steps: [number, ControllerEvent][], check: (effects: Effect[], nowMs: number, c: Controller, e: ControllerEvent) => void): void {
  const c = new Controller(settings(), undefined, startMs);
  let now = startMs;
  for (const [dt, e] of steps) {
    now += dt;
    check(c.dispatch(e, now), now, c, e);
  }
}

describe("engine properties", () => {
  test("no load switches faster than its minimum on/off times (an overload cut excepted)", () => {
    const byId = new Map(settings().loads.map((l) => [l.id, l]));
    fc.assert(
      fc.property(stream, (steps) => {
        const last = new Map<string, { on: boolean; atMs: number }>();
        play(steps, (effects, now) => {
          for (const e of effects) {
            if (e.type !== "load") continue;
            const prev = last.get(e.id);
            if (prev && prev.on !== e.on && !(e.reason === "overload" && !e.on) && e.reason !== "forced_off" && e.reason !== "forced_on") {
              const l = byId.get(e.id)!;
              expect(now - prev.atMs).toBeGreaterThanOrEqual(e.on ? l.minOffMs : l.minOnMs);
            }
            // Outputs boot released (loads running): a first "on" moves no relay, so it starts no clock.
            if (prev ? prev.on !== e.on : !e.on) last.set(e.id, { on: e.on, atMs: now });
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  test("priority 0 is never shed: only the owner's forced off stops it", () => {
    fc.assert(
      fc.property(stream, (steps) => {
        play(steps, (effects) => {
          for (const e of effects) if (e.type === "load" && e.id === "p0" && !e.on) expect(e.reason).toBe("forced_off");
        });
      }),
      { numRuns: 200 },
    );
  });

  test("HEAT never holds during a red peak, and a forced-on load never runs while shed for overload", () => {
    fc.assert(
      fc.property(stream, (steps) => {
        play(steps, (_effects, _now, c) => {
          const snap = c.snapshot();
          if (snap.tariff.colour === "red" && snap.tariff.period === "hp") expect(snap.mode).toBe("AUTO");
          for (const l of snap.loads) if (snap.overload.shedIds.includes(l.id) && l.on) expect(l.reason).not.toBe("forced_on");
        });
      }),
      { numRuns: 200 },
    );
  });

  test("every load effect carries a reason and a detail", () => {
    fc.assert(
      fc.property(stream, (steps) => {
        play(steps, (effects) => {
          for (const e of effects) if (e.type === "load") expect(e.reason.length * e.detail.length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 100 },
    );
  });
});
