// The Controller: a thin holder around the transition reducer; commands return their outcome, observers read a snapshot.
// Never reads the clock or touches IO: the shell passes `nowMs` and executes the facts it returns.

import { LOAD_KINDS, type LoadKinds } from "../loads/kinds";
import { validateSettings } from "../settings/validate";
import { snapshotOf, type BuiltSnapshot } from "./snapshot";
import { initialState, type ControllerState } from "./state";
import { NO_EFFECTS, transition } from "./transition";
import type { CommandOutcome, ControllerCommand, ControllerEvent, ControllerSnapshot, Effect, PersistedState, Settings } from "./types";

export interface ControllerOptions {
  /** The load kinds this box knows (default: every kind of src/loads/kinds). */
  kinds?: LoadKinds;
}

/** The outcome of an event that changed nothing anyone hears of (most frames and ticks): shared, frozen. */
const QUIET: CommandOutcome = Object.freeze({ effects: NO_EFFECTS });

export class Controller {
  private state: ControllerState;
  /** The last snapshot built and its state: current while the state is that one, and the base of the next. */
  private built: BuiltSnapshot | null = null;

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
    this.state = result.state;
    if (result.refused !== undefined) return { effects: result.effects, refused: result.refused };
    return result.effects === NO_EFFECTS ? QUIET : { effects: result.effects };
  }

  settings(): Settings {
    return this.state.settings;
  }

  /** Read-only view for observers (never write to it: its parts are shared between snapshots); built on demand,
   * after a transition that changed something, from the parts that changed. */
  snapshot(): ControllerSnapshot {
    if (this.built === null || this.built.state !== this.state) this.built = { state: this.state, snapshot: snapshotOf(this.state, this.built) };
    return this.built.snapshot;
  }
}
