// When the last loads pass still stands: what it was decided from, so an event that moved none of it (most frames
// and ticks) skips the pass and allocates nothing. Never changes a decision: a pass is skipped only when it would
// give back the same loads, no fact and nothing held.

import type { BudgetFit } from "../loads/budget";
import type { LoadKinds } from "../loads/kinds";
import type { LoadsState } from "../loads/loads";
import { rotationSlot } from "../loads/rotation";
import type { MeterStatus } from "../meter/meter";
import type { OverloadState } from "../overload/overload";
import type { OwnerMode } from "../owner/mode";
import type { OwnerState } from "../owner/owner";
import type { Settings } from "../settings/types";
import type { Peak } from "../tariff/peak";
import type { TariffState } from "../tariff/tariff-tracker";
import { tempoDayStartMs } from "../tariff/tempo-calendar";
import { ecowattLevelAt } from "../signals/slice";
import { totalAvailableW, type ControllerState } from "./state";

/** Everything a settled pass read (by identity where the slice keeps its object while unchanged), and its result. */
export interface LoadsPassMemo {
  /** What the pass produced: an event that touched the loads since asks for a new pass. */
  loads: LoadsState;
  settings: Settings;
  kinds: LoadKinds;
  overrides: OwnerState["overrides"];
  mode: OwnerMode;
  peak: Peak;
  meter: MeterStatus;
  colourKnown: boolean;
  /** Ecowatt's level this hour when it sheds (0 otherwise): it changes on the hour, not with any slice. */
  ecowattLevel: number;
  overload: OverloadState;
  /** Anti-chatter counts switches per Tempo day. */
  dayStartMs: number;
  budget: BudgetFit | null;
  totalW: number;
  baseW: number;
  rotationSlot: number;
  managerView: ControllerState["managerView"];
}

/** Ecowatt's level for `nowMs` when the signal is on and the level reaches the owner's shed level; else 0. */
export function ecowattShedLevelOf(s: ControllerState, nowMs: number): number {
  if (!s.settings.ecowattEnabled) return 0;
  const level = ecowattLevelAt(s.signals, nowMs);
  return level >= s.settings.ecowattShedLevel ? level : 0;
}

/** Today's colour is known (from a frame, memory of this Tempo day), or the contract has no colours. */
export function colourKnownOf(t: TariffState): boolean {
  return t.today !== "unknown" || (t.contract !== "tempo" && t.contract !== "unknown");
}

/**
 * The last pass would decide the same now, for `s` and the `peak` this transition worked out. The budget is the
 * subtle part: when everyone asking got all they asked, any budget at least as large gives the same (so a new base
 * load from the meter changes nothing); when someone was cut, its decision carries the numbers and the rotation
 * turn, and only the very same ones stand.
 */
export function passStands(s: ControllerState, peak: Peak, nowMs: number): boolean {
  const m = s.loadsPass;
  if (m === null) return false;
  if (
    m.loads !== s.loads ||
    m.settings !== s.settings ||
    m.kinds !== s.kinds ||
    m.overrides !== s.owner.overrides ||
    m.mode !== s.owner.mode ||
    m.peak !== peak ||
    m.meter !== s.meter.status ||
    m.colourKnown !== colourKnownOf(s.tariff) ||
    m.ecowattLevel !== ecowattShedLevelOf(s, nowMs) ||
    m.overload !== s.overload ||
    m.managerView !== s.managerView ||
    m.dayStartMs !== tempoDayStartMs(nowMs)
  ) {
    return false;
  }
  const b = m.budget;
  if (b === null) return true;
  const totalW = totalAvailableW(s);
  if (b.allFit) {
    const budgetW = totalW - s.meter.baseW - b.outsideW;
    return (budgetW > 0 ? budgetW : 0) >= b.askedW;
  }
  return totalW === m.totalW && s.meter.baseW === m.baseW && rotationSlot(nowMs, s.settings.rotationPeriodMs) === m.rotationSlot;
}

/** The memo of a settled pass that just ran on `s` (its inputs) and gave `loads`. */
export function passMemo(s: ControllerState, peak: Peak, nowMs: number, loads: LoadsState, budget: BudgetFit | null): LoadsPassMemo {
  return {
    loads,
    settings: s.settings,
    kinds: s.kinds,
    overrides: s.owner.overrides,
    mode: s.owner.mode,
    peak,
    meter: s.meter.status,
    colourKnown: colourKnownOf(s.tariff),
    ecowattLevel: ecowattShedLevelOf(s, nowMs),
    overload: s.overload,
    dayStartMs: tempoDayStartMs(nowMs),
    budget,
    totalW: totalAvailableW(s),
    baseW: s.meter.baseW,
    rotationSlot: rotationSlot(nowMs, s.settings.rotationPeriodMs),
    managerView: s.managerView,
  };
}
