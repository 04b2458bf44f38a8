// The snapshot observers read (web page, HomeKit, LEDs, MQTT): plain data built from the slices.
// Never decides anything and never keeps references into the live state's mutable parts.

import { overrideOf } from "../owner/owner";
import { limitOf, type ControllerState } from "./state";
import type { ControllerSnapshot } from "./types";

export function snapshotOf(s: ControllerState): ControllerSnapshot {
  return {
    mode: s.owner.mode,
    heatUntilMs: s.owner.heatUntilMs,
    thermostat: { ...s.owner.thermostat },
    tariff: {
      colour: s.tariff.today,
      period: s.tariff.period,
      tomorrow: s.tariff.tomorrow,
      source: s.tariff.todaySource,
      suspicious: s.tariff.suspicious.slice(),
    },
    meter: { status: s.meter.status, lastFrameMs: s.meter.lastFrameMs, powerVA: s.meter.powerVA, limitVA: limitOf(s) },
    overload: { active: s.overload.active, unresolved: s.overload.unresolved, shedIds: s.overload.shed.slice(), waitingIds: s.overload.waiting.slice() },
    loads: s.settings.loads.map((load) => {
      const rt = s.loads[load.id];
      const o = s.owner.overrides[load.id];
      return {
        id: load.id,
        name: load.name,
        kind: load.kind,
        priority: load.priority,
        nominalPowerW: load.nominalPowerW,
        on: rt.on === true,
        level: rt.level,
        order: rt.order,
        allocatedW: rt.allocatedW,
        reason: rt.reason,
        detail: rt.detail,
        numbers: rt.numbers,
        override: overrideOf(s.owner, load.id),
        overrideUntilMs: o?.untilMs,
        switchesToday: rt.history.switchesToday,
        lastSwitchMs: rt.history.lastSwitchMs,
        confirmed: rt.confirmed,
      };
    }),
  };
}
