// The energy manager as observers see it: the available power, each tank, the forced powers; and the facts telling
// that a tank moved. Pure; never decides (the plans come from plan.ts) and shares every entry that did not move.

import type { LoadConfig } from "../loads/types";
import type { ManagerSnapshot, TankSnapshot } from "../app/types";
import type { LoadPlan, ManagerState, ManagerView } from "./state";
import { hasTank } from "./state";

/** A tank moved (temperature, boost, legionella, what it wants): the fact every observer hears (SSE DHWStateChanged). */
export interface TankFact extends TankSnapshot {
  type: "tank";
}

const NO_PLAN: LoadPlan = Object.freeze({ want: "normal", detail: "" });

export function tankSnapshot(id: string, m: ManagerState, view: ManagerView | null): TankSnapshot {
  const t = m.tanks[id];
  const plan = view?.plans[id] ?? NO_PLAN;
  return {
    id,
    temperatureC: t?.temperatureC ?? null,
    readAtMs: t?.readAtMs ?? null,
    boostUntilMs: t?.boostUntilMs ?? null,
    legionellaDoneMs: t?.legionellaDoneMs ?? null,
    legionellaRunning: t?.legionellaSinceMs !== null && t?.legionellaSinceMs !== undefined,
    want: plan.want,
    detail: plan.detail,
  };
}

/** Same as observers see it; `readAtMs` counts only for the snapshot (a reading of the same value is no news). */
export function sameTank(a: TankSnapshot, b: TankSnapshot, withReadAt = true): boolean {
  return (
    a.temperatureC === b.temperatureC &&
    (!withReadAt || a.readAtMs === b.readAtMs) &&
    a.boostUntilMs === b.boostUntilMs &&
    a.legionellaDoneMs === b.legionellaDoneMs &&
    a.legionellaRunning === b.legionellaRunning &&
    a.want === b.want &&
    a.detail === b.detail
  );
}

/** The manager part of a snapshot; entries (and the whole part) of `last` are kept while they do not move. */
export function managerSnapshotOf(
  configs: readonly LoadConfig[],
  m: ManagerState,
  view: ManagerView | null,
  available: { powerW: number; source: "setting" | "meter" },
  last: ManagerSnapshot | undefined,
): ManagerSnapshot {
  let tanks: TankSnapshot[] = [];
  let same = last !== undefined && last.availablePowerW === available.powerW && last.availableSource === available.source && last.forcedPowerW === m.forcedPowerW;
  let j = 0;
  for (let i = 0; i < configs.length; i++) {
    if (!hasTank(configs[i])) continue;
    const fresh = tankSnapshot(configs[i].id, m, view);
    const old = last?.tanks[j];
    j++;
    if (old !== undefined && old.id === fresh.id && sameTank(old, fresh)) tanks.push(old);
    else {
      tanks.push(fresh);
      same = false;
    }
  }
  if (last !== undefined && last.tanks.length !== tanks.length) same = false;
  if (same && last !== undefined) return last;
  if (tanks.length === 0) tanks = [];
  return { availablePowerW: available.powerW, availableSource: available.source, tanks, forcedPowerW: m.forcedPowerW };
}

/** Tank facts between two manager states: only for loads with a tank, only where something an observer sees moved. */
export function tankFactsBetween(configs: readonly LoadConfig[], before: ManagerState, beforeView: ManagerView | null, after: ManagerState, afterView: ManagerView | null): TankFact[] | null {
  let out: TankFact[] | null = null;
  for (let i = 0; i < configs.length; i++) {
    if (!hasTank(configs[i])) continue;
    const id = configs[i].id;
    if (before.tanks[id] === after.tanks[id] && beforeView?.plans[id] === afterView?.plans[id]) continue;
    const a = tankSnapshot(id, before, beforeView);
    const b = tankSnapshot(id, after, afterView);
    if (sameTank(a, b, false)) continue;
    (out ??= []).push({ type: "tank", ...b });
  }
  return out;
}
