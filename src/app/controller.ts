// The Controller: a thin holder around the transition reducer; commands return their outcome, observers read a snapshot.
// Never reads the clock or touches IO: the shell passes `nowMs` and executes the facts it returns.

import { LOAD_KINDS, type LoadKinds } from "../loads/kinds";
import { validateSettings } from "../settings/validate";
import { snapshotOf } from "./snapshot";
import { initialState, type ControllerState } from "./state";
import { transition } from "./transition";
import type { CommandOutcome, ControllerCommand, ControllerEvent, ControllerSnapshot, Effect, PersistedState, Settings } from "./types";

export interface ControllerOptions {
  /** The load kinds this box knows (default: every kind of src/loads/kinds). */
  kinds?: LoadKinds;
}

export class Controller {
  private state: ControllerState;
  private cached: ControllerSnapshot | null = null;

  /** Settings the owner saved (persisted.settings) win over `settings` when they still validate. */
  constructor(settings: Settings, persisted: PersistedState | undefined, nowMs: number, options: ControllerOptions = {}) {
    const kinds = options.kinds ?? LOAD_KINDS;
    let chosen = settings;
    if (persisted?.settings) {
      const checked = validateSettings(persisted.settings, kinds);
      if (checked.ok) chosen = checked.settings;
    }
    this.state = initialState(chosen, kinds, persisted, nowMs);
  }

  dispatch(event: ControllerEvent, nowMs: number): Effect[] {
    return this.command(event, nowMs).effects;
  }

  /** An owner command (or any event): its facts, and why it was refused when it was. */
  command(event: ControllerCommand | ControllerEvent, nowMs: number): CommandOutcome {
    const result = transition(this.state, event, nowMs);
    if (result.state !== this.state) this.cached = null;
    this.state = result.state;
    return result.refused === undefined ? { effects: result.effects } : { effects: result.effects, refused: result.refused };
  }

  settings(): Settings {
    return this.state.settings;
  }

  /** Read-only view for observers; rebuilt only after a transition. */
  snapshot(): ControllerSnapshot {
    if (this.cached === null) this.cached = snapshotOf(this.state);
    return this.cached;
  }
}
