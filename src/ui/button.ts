// The push button's gestures as a pure state machine: transition(state, event, nowMs) → { state, actions }.
// Never reads a pin, a clock or a timer: the device feeds raw levels and ticks, and executes the actions.

export const BUTTON_TIMING = Object.freeze({
  /** A level must hold this long to count (contact bounce lasts a few ms). */
  debounceMs: 30,
  /** Held this long: the blue LED blinks fast (factory reset armed). */
  armMs: 3000,
  /** Held this long: the blue LED goes out; releasing now factory-resets. */
  resetMs: 10000,
  /** Held this long: taken as a stuck button; the gesture is cancelled and releasing does nothing. */
  stuckMs: 30000,
});

export type ButtonPhase =
  | "released" //   idle
  | "pressed" //    held less than armMs: releasing toggles the mode
  | "armed" //      held armMs..resetMs: releasing does nothing
  | "ready" //      held resetMs..stuckMs: releasing factory-resets
  | "ignored"; //   pressed at boot or stuck: wait for a release, do nothing

export interface ButtonState {
  phase: ButtonPhase;
  /** Last raw level seen and since when: debouncing compares it with the accepted level. */
  rawPressed: boolean;
  rawSinceMs: number;
  /** When the accepted press began. */
  pressedAtMs: number;
}

export type ButtonEvent =
  | { type: "boot"; pressed: boolean } // the level read at power-up
  | { type: "level"; pressed: boolean } // a raw edge from the pin (may bounce)
  | { type: "tick" }; //                  time passes (the device ticks every ~20 ms while pressed)

export type ButtonAction =
  | { type: "toggle-mode" }
  | { type: "led"; button: "none" | "reset-armed" | "reset-ready" }
  | { type: "factory-reset" };

export interface ButtonTransition {
  state: ButtonState;
  actions: ButtonAction[];
}

export function initialButtonState(nowMs: number): ButtonState {
  return { phase: "released", rawPressed: false, rawSinceMs: nowMs, pressedAtMs: 0 };
}

export function transition(state: ButtonState, event: ButtonEvent, nowMs: number): ButtonTransition {
  if (event.type === "boot") {
    // A button already down at power-up (stuck, or a hand leaning on it) must never start a reset gesture.
    const phase: ButtonPhase = event.pressed ? "ignored" : "released";
    return { state: { phase, rawPressed: event.pressed, rawSinceMs: nowMs, pressedAtMs: nowMs }, actions: [] };
  }
  let next = state;
  if (event.type === "level" && event.pressed !== state.rawPressed) {
    next = { ...state, rawPressed: event.pressed, rawSinceMs: nowMs };
  }
  const actions: ButtonAction[] = [];
  const stable = nowMs - next.rawSinceMs >= BUTTON_TIMING.debounceMs;
  const down = isDown(next.phase);
  if (stable && next.rawPressed && !down) {
    next = { ...next, phase: "pressed", pressedAtMs: next.rawSinceMs };
  } else if (stable && !next.rawPressed && down) {
    actions.push(...releaseActions(next.phase));
    next = { ...next, phase: "released" };
  }
  if (isDown(next.phase)) next = holdProgress(next, nowMs, actions);
  return { state: next, actions };
}

function isDown(phase: ButtonPhase): boolean {
  return phase !== "released";
}

function releaseActions(phase: ButtonPhase): ButtonAction[] {
  switch (phase) {
    case "pressed":
      return [{ type: "toggle-mode" }];
    case "armed":
      return [{ type: "led", button: "none" }];
    case "ready":
      return [{ type: "led", button: "none" }, { type: "factory-reset" }];
    default:
      return [];
  }
}

/** Hold thresholds, measured from the moment the press began (so a late tick catches up in one step). */
function holdProgress(state: ButtonState, nowMs: number, actions: ButtonAction[]): ButtonState {
  const heldMs = nowMs - state.pressedAtMs;
  if (state.phase === "ignored") return state;
  if (heldMs >= BUTTON_TIMING.stuckMs) {
    actions.push({ type: "led", button: "none" });
    return { ...state, phase: "ignored" };
  }
  if (heldMs >= BUTTON_TIMING.resetMs && state.phase !== "ready") {
    actions.push({ type: "led", button: "reset-ready" });
    return { ...state, phase: "ready" };
  }
  if (heldMs >= BUTTON_TIMING.armMs && state.phase === "pressed") {
    actions.push({ type: "led", button: "reset-armed" });
    return { ...state, phase: "armed" };
  }
  return state;
}
