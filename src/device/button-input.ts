// The push button as the Device sees it: raw levels in, gestures out (toggle the mode, factory reset), timed by
// sampling while it is down. Never decides the mode itself: it asks through the callbacks it is given.

import type { Clock, DigitalInput, TimerHandle, Timers } from "../../hal/types";
import { initialButtonState, transition, type ButtonAction, type ButtonState } from "../ui/button";
import type { ButtonLed } from "../ui/led-status";

// While the button is down it is sampled this often, so holds are timed without waiting for the next edge.
const BUTTON_TICK_MS = 20;

export interface ButtonHandlers {
  toggleMode(): void;
  factoryReset(): void;
  led(state: ButtonLed): void;
}

export class ButtonInput {
  private state: ButtonState;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly handlers: ButtonHandlers,
  ) {
    this.state = initialButtonState(clock.nowMs());
  }

  /** Wire a GPIO: its level at boot (held down = stuck, ignored) and its changes. */
  attach(input: DigitalInput): void {
    this.state = transition(this.state, { type: "boot", pressed: input.read() }, this.clock.nowMs()).state;
    input.onChange((pressed) => this.level(pressed));
  }

  /** One raw level (hosts without a GPIO call this from the keyboard). */
  level(pressed: boolean): void {
    this.step({ type: "level", pressed });
  }

  stop(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private step(event: { type: "level"; pressed: boolean } | { type: "tick" }): void {
    const result = transition(this.state, event, this.clock.nowMs());
    this.state = result.state;
    for (const action of result.actions) this.act(action);
    const needsTicks = this.state.phase !== "released" || this.state.rawPressed !== (this.state.phase !== "released");
    if (needsTicks && this.timer === undefined) {
      this.timer = this.timers.setInterval(() => this.step({ type: "tick" }), BUTTON_TICK_MS);
    } else if (!needsTicks && this.timer !== undefined) {
      this.stop();
    }
  }

  private act(action: ButtonAction): void {
    if (action.type === "led") this.handlers.led(action.button);
    else if (action.type === "toggle-mode") this.handlers.toggleMode();
    else this.handlers.factoryReset();
  }
}
