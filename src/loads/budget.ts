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

/** Fit the loads that want to run into what is left of `totalW`; those that do not fit wait ("budget"/"rotation"). */
export function applyBudget(wanted: Wanted[], input: BudgetInput): void {
  const { totalW, baseW, kinds } = input;
  // Loads that run outside the budget (priority 0, forced off but held on) are taken off first.
  let outsideW = 0;
  for (const w of wanted) if ((w.decision.level !== "off" && !w.decision.needsBudget) || w.heldOn) outsideW += w.load.nominalPowerW;
  const budgetW = totalW - baseW - outsideW;
  const asking = rotationOrder(
    wanted.filter((w) => w.decision.needsBudget && !w.heldOn).map((w) => ({ id: w.load.id, priority: w.load.priority, w })),
    input.nowMs,
    input.rotationPeriodMs,
  );
  const allocations = allocate(
    budgetW,
    asking.map((a) => ({ id: a.id, priority: a.priority, requestedW: a.w.load.nominalPowerW, modulating: kinds[a.w.load.kind].modulating })),
  );
  const tierRunning: Record<number, boolean> = {};
  allocations.forEach((alloc, i) => {
    const w = asking[i].w;
    let givenW = alloc.allocatedW;
    const spec = kinds[w.load.kind];
    if (spec.modulating) {
      givenW = Math.floor(givenW / MODULATION_STEP_W) * MODULATION_STEP_W;
      if (spec.minPowerW && givenW < spec.minPowerW(w.load)) givenW = 0;
    }
    w.allocatedW = givenW;
    if (givenW > 0) tierRunning[w.load.priority] = true;
  });
  allocations.forEach((alloc, i) => {
    const w = asking[i].w;
    if (w.allocatedW > 0) return;
    const rotated = tierRunning[w.load.priority] === true;
    w.decision = {
      rule: rotated ? "rotation" : "budget",
      level: "off",
      reason: rotated ? "rotation" : "budget",
      detail: rotated ? `priority ${w.load.priority} takes turns every ${input.rotationPeriodMs} ms` : "does not fit the power budget",
      numbers: { availableW: alloc.availableW, requestedW: w.load.nominalPowerW, totalW, baseW },
      cause: "discretionary",
      needsBudget: false,
    };
  });
}
