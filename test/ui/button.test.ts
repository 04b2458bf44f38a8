import fc from "fast-check";
import { BUTTON_TIMING, initialButtonState, transition, type ButtonAction, type ButtonEvent } from "../../src/ui/button";
import { BUTTON_CASES } from "./cases";
import { runButtonCase } from "./check";

describe("button gestures under a virtual clock", () => {
  for (const c of BUTTON_CASES) {
    test(c.name, () => {
      const { expected, actual } = runButtonCase(c);
      expect(actual).toEqual(expected);
    });
  }
});

describe("button invariants (random press sequences)", () => {
  const step = fc.record({ gapMs: fc.integer({ min: 0, max: 12_000 }), input: fc.constantFrom<"down" | "up" | "tick">("down", "up", "tick") });

  function play(bootPressed: boolean, steps: { gapMs: number; input: "down" | "up" | "tick" }[]): { atMs: number; actions: ButtonAction[]; pressedSinceMs: number | undefined }[] {
    let state = transition(initialButtonState(0), { type: "boot", pressed: bootPressed }, 0).state;
    let atMs = 0;
    let raw = bootPressed;
    let rawSince = 0;
    const log = [];
    for (const s of steps) {
      atMs += s.gapMs;
      const event: ButtonEvent = s.input === "tick" ? { type: "tick" } : { type: "level", pressed: s.input === "down" };
      if (event.type === "level" && event.pressed !== raw) {
        raw = event.pressed;
        rawSince = atMs;
      }
      const r = transition(state, event, atMs);
      state = r.state;
      log.push({ atMs, actions: r.actions, pressedSinceMs: raw ? rawSince : undefined });
    }
    return log;
  }

  test("a factory reset always follows the reset-ready LED, never a press held at boot", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 40 }), (bootPressed, steps) => {
        let ready = false;
        let everReleasedSinceBoot = !bootPressed;
        for (const entry of play(bootPressed, steps)) {
          const readyBefore = ready;
          for (const a of entry.actions) {
            if (a.type === "led") ready = a.button === "reset-ready";
            if (a.type === "factory-reset") {
              expect(readyBefore).toBe(true);
              expect(everReleasedSinceBoot).toBe(true);
            }
          }
          if (entry.pressedSinceMs === undefined) everReleasedSinceBoot = true;
        }
      }),
    );
  });

  test("a press shorter than the debounce time never toggles", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: BUTTON_TIMING.debounceMs - 1 }), fc.integer({ min: 1, max: 60_000 }), (pressMs, laterMs) => {
        let state = transition(initialButtonState(0), { type: "boot", pressed: false }, 0).state;
        const actions: ButtonAction[] = [];
        for (const [ev, t] of [[{ type: "level", pressed: true }, 1000], [{ type: "level", pressed: false }, 1000 + pressMs], [{ type: "tick" }, 1000 + pressMs + laterMs]] as const) {
          const r = transition(state, ev, t);
          state = r.state;
          actions.push(...r.actions);
        }
        expect(actions).toEqual([]);
      }),
    );
  });
});
