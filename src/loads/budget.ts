// The second stage after the policy: the power budget, by priority, with rotation inside a priority tier.
// Pure; never decides tariff policy and never switches a load (anti-chatter and the slice apply the result).

import { allocate } from "../allocator/allocator";
import type { LoadKinds } from "./kinds";
import type { PolicyDecision } from "./policy";
import { rotationOrder } from "./rotation";
import type { LoadConfig } from "./types";

/** Modulating loads get whole steps of this, so a noisy base load does not emit an effect every frame. */
export const MODULATION_STEP_W = 100;

export interface Wanted {
  load: LoadConfig;
  decision: PolicyDecision;
  /** The power the budget counts for it: nominal, or what its plug measures (src/loads/measured.ts budgetPowerW). */
  powerW: number;
  allocatedW: number;
  /** Running and kept on by its minimum on time although the policy wants it off: it still draws. */
  heldOn: boolean;
}

export interface BudgetInput {
  totalW: number;
  baseW: number;
  rotationPeriodMs: number;
  nowMs: number;
  kinds: LoadKinds;
}

/** What a budget pass came to, so the next pass can tell whether a new base load would change anything. */
export interface BudgetFit {
  /** Power of the loads running outside the budget (taken off before it is handed out). */
  outsideW: number;
  /** What the loads asking for power asked, together. */
  askedW: number;
  /** Every load asking got all it asked and runs: any budget ≥ askedW gives the same, whatever the rotation order. */
  allFit: boolean;
}

/** Fit the loads that want to run into what is left of `totalW`; those that do not fit wait ("budget"/"rotation"). */
export function applyBudget(wanted: Wanted[], input: BudgetInput): BudgetFit {
  const { totalW, baseW, kinds } = input;
  // Loads that run outside the budget (priority 0, forced off but held on) are taken off first.
  let outsideW = 0;
  let askedW = 0;
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i];
    // A load outside the budget draws what it runs on (a forced power); one held on, its measured-or-nominal power.
    if ((w.decision.level !== "off" && !w.decision.needsBudget) || w.heldOn) outsideW += w.heldOn ? w.powerW : w.allocatedW;
    else if (w.decision.needsBudget) askedW += wantedW(w);
  }
  const budgetW = totalW - baseW - outsideW;
  // Usually everyone fits: each gets what it asked, whatever the order, and nobody's decision changes — what the
  // allocator would give, without building its requests. (A modulating load whose step rounds to nothing still waits,
  // with the numbers: the full path below says so.)
  if (askedW <= (budgetW > 0 ? budgetW : 0)) {
    let everyoneRuns = true;
    for (let i = 0; i < wanted.length; i++) {
      const w = wanted[i];
      if (!w.decision.needsBudget || w.heldOn) continue;
      w.allocatedW = stepped(kinds, w.load, wantedW(w));
      if (w.allocatedW <= 0) everyoneRuns = false;
    }
    if (everyoneRuns) return { outsideW, askedW, allFit: true };
  }
  const asking = rotationOrder(
    wanted.filter((w) => w.decision.needsBudget && !w.heldOn).map((w) => ({ id: w.load.id, priority: w.decision.priority ?? w.load.priority, w })),
    input.nowMs,
    input.rotationPeriodMs,
  );
  const allocations = allocate(
    budgetW,
    asking.map((a) => ({ id: a.id, priority: a.priority, requestedW: wantedW(a.w), modulating: kinds[a.w.load.kind].modulating })),
  );
  let allFit = true;
  const tierRunning: Record<number, boolean> = {};
  for (let i = 0; i < allocations.length; i++) {
    const w = asking[i].w;
    const wantW = wantedW(w);
    const givenW = stepped(kinds, w.load, allocations[i].allocatedW);
    // A load cut, or waiting, carries the budget's numbers: only these very numbers give the same decision again.
    if (allocations[i].allocatedW < wantW || givenW <= 0) allFit = false;
    w.allocatedW = givenW;
    if (givenW > 0) tierRunning[asking[i].priority] = true;
  }
  for (let i = 0; i < allocations.length; i++) {
    const w = asking[i].w;
    if (w.allocatedW > 0) continue;
    const priority = asking[i].priority;
    const rotated = tierRunning[priority] === true;
    w.decision = {
      rule: rotated ? "rotation" : "budget",
      level: "off",
      reason: rotated ? "rotation" : "budget",
      detail: rotated ? `priority ${priority} takes turns every ${input.rotationPeriodMs} ms` : "does not fit the power budget",
      numbers: { availableW: allocations[i].availableW, requestedW: w.powerW, totalW, baseW },
      cause: "discretionary",
      needsBudget: false,
    };
  }
  return { outsideW, askedW, allFit };
}

/**
 * What a load asks: its power (nominal, or what its plug measures: `powerW`), or less when the decision caps it (a
 * modulating load following the PV surplus).
 */
function wantedW(w: Wanted): number {
  const powerW = w.powerW > 0 ? w.powerW : 0;
  const capW = w.decision.capW;
  return capW !== undefined && capW < powerW ? (capW > 0 ? capW : 0) : powerW;
}

/** What a load runs on for `allocatedW`: modulating loads in whole steps, and nothing below their minimum. */
function stepped(kinds: LoadKinds, load: LoadConfig, allocatedW: number): number {
  const spec = kinds[load.kind];
  if (!spec.modulating) return allocatedW;
  const givenW = Math.floor(allocatedW / MODULATION_STEP_W) * MODULATION_STEP_W;
  return spec.minPowerW && givenW < spec.minPowerW(load) ? 0 : givenW;
}
