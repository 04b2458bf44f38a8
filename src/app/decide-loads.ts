// One pass over every load: policy rule → power budget (allocator, rotation) → anti-chatter → effects.
// Pure over the working state it is given; never reads the clock or touches an output.

import { allocate } from "../allocator/allocator";
import { maySwitch, recordSwitch } from "../loads/anti-chatter";
import { orderFor } from "../loads/orders";
import { rotationOrder } from "../loads/rotation";
import { decide, type PolicyDecision } from "../shedding/policy";
import { peakOf } from "../shedding/peak";
import { tempoDayStartMs } from "../tariff/tempo-calendar";
import type { ControllerState, LoadRuntime } from "./state";
import type { DecisionNumbers, Effect, LoadConfig } from "./types";

/** Modulating loads get whole steps of this, so a noisy base load does not emit an effect every frame. */
const MODULATION_STEP_W = 100;

export function limitVA(state: ControllerState): number {
  return state.meter.subscribedVA ?? state.settings.fallbackSubscribedVA;
}

/** Power the allocator may hand out to all our loads together (before the base load is taken off). */
export function totalAvailableW(state: ControllerState): number {
  return state.settings.availablePowerW ?? limitVA(state) - state.settings.availableMarginW;
}

interface Wanted {
  load: LoadConfig;
  decision: PolicyDecision;
  allocatedW: number;
}

export function decideLoads(s: ControllerState, nowMs: number, fx: Effect[]): void {
  const settings = s.settings;
  const peak = peakOf(s.tariff, settings.unknownColourPolicy);
  const ctx = { peak, mode: s.mode, meterLost: s.meter.status === "lost", overloadShed: s.overload.shed, overloadNumbers: s.overload.shedNumbers };
  const wanted: Wanted[] = settings.loads.map((load) => {
    const decision = decide(load, s.loads[load.id].override, ctx);
    return { load, decision, allocatedW: decision.on ? load.nominalPowerW : 0 };
  });

  // Until the first frame (or the meter-lost timeout) we know neither the subscribed power nor the base load:
  // keep the boot state (outputs released, loads running as without the box) rather than cut loads against a
  // guessed budget. Tariff rules and overload events still act; the budget applies from the first reading.
  if (s.meter.status !== "waiting") applyBudget(s, wanted, nowMs);

  // During an overrun and until every load it shed is back, nothing new starts, whatever a stale base
  // estimate says: loads come back only one at a time, through the overload restore rule.
  if (s.overload.active || s.overload.shed.length > 0) {
    const detail = s.overload.active ? "overrun in progress: nothing starts" : `waiting for ${s.overload.shed.join(", ")} to come back first`;
    for (const w of wanted) {
      if (w.decision.on && w.decision.needsBudget && s.loads[w.load.id].on === false && w.load.id !== s.overload.restoredId) {
        w.decision = { on: false, reason: "budget", detail, cause: "discretionary", needsBudget: false };
        w.allocatedW = 0;
      }
    }
  }

  const dayStartMs = tempoDayStartMs(nowMs);
  for (const w of wanted) apply(s, w, nowMs, dayStartMs, fx);
}

/** The power budget: allocator by priority, rotation inside a priority, and who waits for lack of power. */
function applyBudget(s: ControllerState, wanted: Wanted[], nowMs: number): void {
  const settings = s.settings;
  // Loads that run outside the budget (priority 0, forced on) are taken off first.
  const totalW = totalAvailableW(s);
  let outsideW = 0;
  for (const w of wanted) if (w.decision.on && !w.decision.needsBudget) outsideW += w.load.nominalPowerW;
  const budgetW = totalW - s.meter.baseW - outsideW;
  const asking = rotationOrder(
    wanted.filter((w) => w.decision.needsBudget).map((w) => ({ id: w.load.id, priority: w.load.priority, w })),
    nowMs,
    settings.rotationPeriodMs,
  );
  const allocations = allocate(
    budgetW,
    asking.map((a) => ({ id: a.id, priority: a.priority, requestedW: a.w.load.nominalPowerW, modulating: a.w.load.modulating })),
  );
  const tierRunning: Record<number, boolean> = {};
  allocations.forEach((alloc, i) => {
    const w = asking[i].w;
    w.allocatedW = w.load.modulating ? Math.floor(alloc.allocatedW / MODULATION_STEP_W) * MODULATION_STEP_W : alloc.allocatedW;
    if (w.allocatedW > 0) tierRunning[w.load.priority] = true;
  });
  allocations.forEach((alloc, i) => {
    const w = asking[i].w;
    if (w.allocatedW > 0) return;
    const rotated = tierRunning[w.load.priority] === true;
    w.decision = {
      on: false,
      reason: rotated ? "rotation" : "budget",
      detail: rotated ? `priority ${w.load.priority} takes turns every ${settings.rotationPeriodMs} ms` : "does not fit the power budget",
      numbers: { availableW: alloc.availableW, requestedW: w.load.nominalPowerW, totalW, baseW: s.meter.baseW },
      cause: "discretionary",
      needsBudget: false,
    };
  });
}

function apply(s: ControllerState, w: Wanted, nowMs: number, dayStartMs: number, fx: Effect[]): void {
  const prev = s.loads[w.load.id];
  const d = w.decision;
  // Most events change nothing for most loads: keep the same object (no allocation, no effect).
  if (
    prev.on === d.on &&
    prev.reason === d.reason &&
    prev.detail === d.detail &&
    prev.allocatedW === w.allocatedW &&
    prev.history.dayStartMs === dayStartMs &&
    sameNumbers(prev.numbers, d.numbers)
  ) {
    return;
  }
  let next: LoadRuntime;
  if (prev.on === null) {
    // The first output after boot: "on" is the state the outputs boot in (coils released, loads run as if the
    // box were absent), so no relay moved and nothing holds the load on — a red peak seen 100 ms after boot must
    // still shed it at once. "off" did move a relay: it starts the minimum-off clock (no daily budget spent).
    const history = d.on ? prev.history : { ...prev.history, lastSwitchMs: nowMs };
    next = { ...prev, on: d.on, reason: d.reason, detail: d.detail, numbers: d.numbers, allocatedW: w.allocatedW, history };
  } else if (prev.on === d.on) {
    next = { ...prev, on: d.on, reason: d.reason, detail: d.detail, numbers: d.numbers, allocatedW: w.allocatedW };
  } else {
    const verdict = maySwitch(w.load, prev.history, d.on, d.cause, nowMs);
    if (!verdict.allowed) {
      // Held: keep the state, but say what it wants and why it waits.
      s.loads[w.load.id] = { ...prev, detail: `wants ${d.on ? "on" : "off"} (${d.reason}: ${d.detail}); held by ${verdict.heldBy}: ${verdict.detail}` };
      return;
    }
    next = {
      ...prev,
      on: d.on,
      reason: d.reason,
      detail: d.detail,
      numbers: d.numbers,
      allocatedW: w.allocatedW,
      history: recordSwitch(prev.history, nowMs, dayStartMs),
    };
    s.lastSwitchMs = nowMs;
  }
  next.order = orderFor(w.load, next.on === true);
  if (next.history.dayStartMs !== dayStartMs) next.history = { ...next.history, switchesToday: 0, dayStartMs };
  s.loads[w.load.id] = next;
  if (prev.on !== next.on || prev.reason !== next.reason || prev.allocatedW !== next.allocatedW || prev.order !== next.order) {
    const effect: Effect = {
      type: "load",
      id: w.load.id,
      on: next.on === true,
      allocatedW: next.allocatedW,
      reason: next.reason,
      detail: next.detail,
    };
    if (next.order !== undefined) effect.order = next.order;
    if (next.numbers !== undefined) effect.numbers = next.numbers;
    fx.push(effect);
  }
}

function sameNumbers(a: DecisionNumbers | undefined, b: DecisionNumbers | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}
