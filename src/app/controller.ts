// The Controller: a thin holder around the transition reducer, with a snapshot for web, HomeKit and host-sim.
// Never reads the clock or touches IO: the shell passes `nowMs` and executes the effects it returns.

import { validateSettings } from "./settings";
import { initialState, type ControllerState } from "./state";
import { transition } from "./transition";
import type { ControllerEvent, ControllerSnapshot, Effect, PersistedState, Settings } from "./types";
import { limitVA } from "./decide-loads";

export class Controller {
  private state: ControllerState;

  /** Settings the owner saved (persisted.settings) win over `settings` when they still validate. */
  constructor(settings: Settings, persisted: PersistedState | undefined, nowMs: number) {
    let chosen = settings;
    if (persisted?.settings) {
      const checked = validateSettings(persisted.settings);
      if (checked.ok) chosen = checked.settings;
    }
    this.state = initialState(chosen, persisted, nowMs);
  }

  dispatch(event: ControllerEvent, nowMs: number): Effect[] {
    const result = transition(this.state, event, nowMs);
    this.state = result.state;
    return result.effects;
  }

  settings(): Settings {
    return this.state.settings;
  }

  snapshot(): ControllerSnapshot {
    const s = this.state;
    return {
      mode: s.mode,
      heatUntilMs: s.heatUntilMs,
      tariff: {
        colour: s.tariff.today,
        period: s.tariff.period,
        tomorrow: s.tariff.tomorrow,
        source: s.tariff.todaySource,
        suspicious: s.tariff.suspicious.slice(),
      },
      meter: { status: s.meter.status, lastFrameMs: s.meter.lastFrameMs, powerVA: s.meter.powerVA, limitVA: limitVA(s) },
      overload: { active: s.overload.active, unresolved: s.overload.unresolved, shedIds: s.overload.shed.slice() },
      loads: s.settings.loads.map((load) => {
        const rt = s.loads[load.id];
        return {
          id: load.id,
          name: load.name,
          priority: load.priority,
          nominalPowerW: load.nominalPowerW,
          on: rt.on === true,
          order: rt.order,
          allocatedW: rt.allocatedW,
          reason: rt.reason,
          detail: rt.detail,
          numbers: rt.numbers,
          override: rt.override,
          overrideUntilMs: rt.overrideUntilMs,
          switchesToday: rt.history.switchesToday,
          lastSwitchMs: rt.history.lastSwitchMs,
        };
      }),
      led: s.led ?? "normal",
    };
  }
}
