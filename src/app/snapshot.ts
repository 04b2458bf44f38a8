// The snapshot observers read (web page, HomeKit, LEDs, MQTT): plain data built from the slices.
// Never decides anything and never keeps references into the live state's mutable parts.

import { overrideOf } from "../owner/owner";
import { managerSnapshotOf } from "../manager/snapshot";
import { limitOf, totalAvailableW, type ControllerState } from "./state";
import type { ControllerSnapshot, LoadSnapshot } from "./types";

/** A snapshot and the state it was built from: the next one reuses every part whose slice did not move. */
export interface BuiltSnapshot {
  state: ControllerState;
  snapshot: ControllerSnapshot;
}

/**
 * The snapshot of `s`. With `last`, the parts of the last one whose sources are the same objects are shared, not
 * rebuilt: one load's change costs that load's entry, not the table (snapshots are never written to).
 */
export function snapshotOf(s: ControllerState, last: BuiltSnapshot | null = null): ControllerSnapshot {
  const was = last?.state;
  const old = last?.snapshot;
  return {
    mode: s.owner.mode,
    heatUntilMs: s.owner.heatUntilMs,
    thermostat: old && was?.owner.thermostat === s.owner.thermostat ? old.thermostat : { ...s.owner.thermostat },
    tariff:
      old && was?.tariff === s.tariff
        ? old.tariff
        : { colour: s.tariff.today, period: s.tariff.period, tomorrow: s.tariff.tomorrow, source: s.tariff.todaySource, suspicious: s.tariff.suspicious.slice() },
    meter:
      old && was?.meter === s.meter && was.settings === s.settings
        ? old.meter
        : { status: s.meter.status, lastFrameMs: s.meter.lastFrameMs, powerVA: s.meter.powerVA, limitVA: limitOf(s) },
    overload:
      old && was?.overload === s.overload
        ? old.overload
        : { active: s.overload.active, unresolved: s.overload.unresolved, shedIds: s.overload.shed.slice(), waitingIds: s.overload.waiting.slice() },
    loads: loadsOf(s, last),
    manager: managerSnapshotOf(s.settings.loads, s.manager, s.managerView, { powerW: totalAvailableW(s), source: s.settings.availablePowerW === null ? "meter" : "setting" }, old?.manager),
    signals: old && was?.signals === s.signals ? old.signals : { online: s.signals.online, today: s.signals.today, tomorrow: s.signals.tomorrow, ecowatt: s.signals.ecowatt },
  };
}

function loadsOf(s: ControllerState, last: BuiltSnapshot | null): LoadSnapshot[] {
  const configs = s.settings.loads;
  // Entries line up with the last snapshot's only while the load table is the same one.
  const was = last !== null && last.state.settings.loads === configs ? last.state : null;
  let out: LoadSnapshot[] | null = null;
  for (let i = 0; i < configs.length; i++) {
    const id = configs[i].id;
    const same = was !== null && was.loads[id] === s.loads[id] && was.owner.overrides[id] === s.owner.overrides[id];
    if (same && out === null) continue;
    if (out === null) out = last !== null && was !== null ? last.snapshot.loads.slice(0, i) : [];
    out.push(same && last !== null ? last.snapshot.loads[i] : loadOf(s, i));
  }
  if (out !== null) return out;
  return was !== null ? (last as BuiltSnapshot).snapshot.loads : [];
}

function loadOf(s: ControllerState, i: number): LoadSnapshot {
  const load = s.settings.loads[i];
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
    held: rt.held,
    override: overrideOf(s.owner, load.id),
    overrideUntilMs: o?.untilMs,
    switchesToday: rt.history.switchesToday,
    lastSwitchMs: rt.history.lastSwitchMs,
    confirmed: rt.confirmed,
    unreachable: rt.remote?.unreachable === true,
    lastConfirmed: rt.remote?.lastConfirmed ?? null,
    measuredW: rt.remote?.measuredW ?? null,
  };
}
