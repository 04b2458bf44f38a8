// The loads slice: each load's runtime state, and one pass deciding them all: policy rules → budget → anti-chatter.
// Pure over the state it is given; never reads the clock and never touches an output (facts say what changed).

import { tempoDayStartMs } from "../tariff/tempo-calendar";
import { maySwitch, recordSwitch, type SwitchHistory } from "./anti-chatter";
import { applyBudget, type BudgetFit, type Wanted } from "./budget";
import type { LoadKinds } from "./kinds";
import { budgetPowerW, expired, withConfirmed, withMeasured, type RemoteReport } from "./measured";
import { decide, type PolicyContext, type PolicyDecision } from "./policy";
import type { DecisionNumbers, LoadConfig, LoadDecision, LoadHold, LoadOverride } from "./types";

/** From a Tempo day's start, a time inside the next one whatever the clock change (days are 23 to 25 h long). */
const NEXT_DAY_PROBE_MS = 30 * 3_600_000;

export interface LoadRuntime extends LoadDecision {
  /** null until the first decision after boot (outputs released: the load runs as without the box). */
  on: boolean | null;
  history: SwitchHistory;
  /** A remote output's confirmation of the last command: true/false as it reports, null = not known. */
  confirmed: boolean | null;
  /** What its smart plug reported (reachability, last known contact, measured power); absent for a GPIO. */
  remote?: RemoteReport;
}

/** A load changed level, order, power or reason: what the Device drives and every observer hears. */
export interface LoadFact extends LoadDecision {
  type: "load";
  id: string;
  on: boolean;
}

export type LoadsState = Readonly<Record<string, LoadRuntime>>;

export function freshLoad(dayStartMs: number): LoadRuntime {
  return {
    on: null,
    level: "normal",
    allocatedW: 0,
    reason: "boot",
    detail: "no decision yet",
    history: { lastSwitchMs: null, switchesToday: 0, dayStartMs },
    confirmed: null,
  };
}

export function initialLoads(configs: readonly LoadConfig[], nowMs: number): Record<string, LoadRuntime> {
  const loads: Record<string, LoadRuntime> = {};
  for (const load of configs) loads[load.id] = freshLoad(tempoDayStartMs(nowMs));
  return loads;
}

/** What the pass needs besides the loads: the policy context, the budget and the owner's overrides. */
export interface LoadsInput {
  configs: readonly LoadConfig[];
  kinds: LoadKinds;
  policy: PolicyContext;
  overrideOf(loadId: string): LoadOverride;
  /** false until the first frame (or the meter-lost timeout): no budget against a guessed base load. */
  budgetKnown: boolean;
  totalW: number;
  baseW: number;
  rotationPeriodMs: number;
  nowMs: number;
}

export interface LoadsStep {
  loads: LoadsState;
  facts: LoadFact[];
  /** Loads an overrun kept from running (they join its restore queue). */
  heldBack: string[];
  /** Some load switched on or off now. */
  switched: boolean;
  /**
   * Nothing switched and every load is where its decision puts it (none held by anti-chatter, none held back by an
   * overrun): the same inputs again decide the same, whatever the time within this Tempo day (and, see `budget`,
   * whatever the base load when everyone fitted).
   */
  settled: boolean;
  /** What the budget came to; null when no budget was applied (the meter has not spoken yet). */
  budget: BudgetFit | null;
}

/**
 * Power our running loads draw, as decided (the meter slice subtracts it to estimate the base load). Walks the
 * configs, whose ids are the state's keys: asked on every frame, and a for-in allocates an enumerator on XS.
 */
export function runningW(loads: LoadsState, configs: readonly LoadConfig[]): number {
  let w = 0;
  for (let i = 0; i < configs.length; i++) {
    const rt = loads[configs[i].id];
    if (rt.on === true) w += rt.allocatedW;
  }
  return w;
}

export function decideLoads(prev: LoadsState, input: LoadsInput): LoadsStep {
  const { configs, nowMs } = input;
  // Indexed loops throughout: on XS a for-of allocates an iterator, and this pass runs whenever anything moved.
  const wanted: Wanted[] = [];
  for (let i = 0; i < configs.length; i++) {
    const load = configs[i];
    const rt = prev[load.id];
    const decision = decide({ config: load, override: input.overrideOf(load.id), running: rt.on }, input.policy);
    // A running load the policy wants off but its minimum on time keeps on still draws: the budget counts it.
    const heldOn = rt.on === true && decision.level === "off" && !maySwitch(load, rt.history, false, decision.cause, nowMs).allowed;
    // The measured power of a running plug-fed load instead of its nominal when fresh (src/loads/measured.ts); a
    // modulating load's forced power when the owner set one.
    const powerW = budgetPowerW(load, rt.on, rt.remote, input.kinds);
    wanted.push({ load, decision, powerW, allocatedW: decision.level === "off" ? 0 : (decision.powerW ?? powerW), heldOn });
  }
  const budget = input.budgetKnown
    ? applyBudget(wanted, { totalW: input.totalW, baseW: input.baseW, rotationPeriodMs: input.rotationPeriodMs, nowMs, kinds: input.kinds })
    : null;

  let heldBack: string[] = NONE;
  const recovering = input.policy.overrunActive || input.policy.comingBack.length > 0;
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i];
    // A load the budget cuts while an overrun is recovered from comes back through the restore queue too.
    if (w.decision.heldBack || (recovering && w.decision.rule === "budget" && prev[w.load.id].on === true)) {
      if (heldBack === NONE) heldBack = [];
      heldBack.push(w.load.id);
    }
  }

  const dayStartMs = tempoDayStartMs(nowMs);
  let next: Record<string, LoadRuntime> | null = null;
  let facts: LoadFact[] = NO_FACTS;
  let switched = false;
  let settled = heldBack.length === 0;
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i];
    const before = prev[w.load.id];
    const after = apply(before, w, input.kinds, nowMs, dayStartMs);
    // A switch can change the rules' view of the load (they read whether it runs): only a pass that switched
    // nothing is known to be a fixed point. Anti-chatter holding a load is not one either: its detail counts time.
    if (after.on !== before.on || after.on !== (w.decision.level !== "off") || after.level !== w.decision.level) settled = false;
    if (after === before) continue;
    if (next === null) next = copyLoads(prev, configs);
    next[w.load.id] = after;
    if (before.on !== null && before.on !== after.on) switched = true;
    if (before.on !== after.on || before.level !== after.level || before.reason !== after.reason || before.allocatedW !== after.allocatedW || before.order !== after.order) {
      if (facts === NO_FACTS) facts = [];
      facts.push(loadFact(w.load.id, after));
    }
  }
  return { loads: next ?? prev, facts, heldBack, switched, settled, budget };
}

/** Shared empty lists of a pass that held nothing back and changed nothing (frozen: never written to). */
const NONE: string[] = Object.freeze([]) as unknown as string[];
const NO_FACTS: LoadFact[] = Object.freeze([]) as unknown as LoadFact[];

/** A copy of the loads table to write changes into, in the configs' order (the table's own; a spread costs double on XS). */
function copyLoads(loads: LoadsState, configs: readonly LoadConfig[]): Record<string, LoadRuntime> {
  const copy: Record<string, LoadRuntime> = {};
  for (let i = 0; i < configs.length; i++) copy[configs[i].id] = loads[configs[i].id];
  return copy;
}

function loadFact(id: string, rt: LoadRuntime): LoadFact {
  const fact: LoadFact = { type: "load", id, on: rt.on === true, level: rt.level, allocatedW: rt.allocatedW, reason: rt.reason, detail: rt.detail };
  if (rt.order !== undefined) fact.order = rt.order;
  if (rt.numbers !== undefined) fact.numbers = rt.numbers;
  return fact;
}

function apply(prev: LoadRuntime, w: Wanted, kinds: LoadKinds, nowMs: number, dayStartMs: number): LoadRuntime {
  const d: PolicyDecision = w.decision;
  const on = d.level !== "off";
  // Most events change nothing for most loads: keep the same object (no allocation, no fact).
  if (
    prev.on === on &&
    prev.level === d.level &&
    prev.reason === d.reason &&
    prev.detail === d.detail &&
    prev.allocatedW === w.allocatedW &&
    prev.history.dayStartMs === dayStartMs &&
    sameNumbers(prev.numbers, d.numbers)
  ) {
    return prev;
  }
  let history = prev.history;
  const drive = kinds[w.load.kind].drive(w.load, d.level, w.allocatedW, d.reason);
  // A kind with a least time between states (SG-Ready) holds any change of its outputs inside it, on/off included;
  // only a safety cut (overload) is quicker: a compressor's wear is worth less than a tripped breaker.
  const minStateMs = kinds[w.load.kind].minStateChangeMs?.(w.load) ?? 0;
  const stateChanges = prev.on !== null && (prev.on !== on || prev.order !== drive.order);
  if (minStateMs > 0 && stateChanges && !(d.cause === "safety" && !on)) {
    const lastMs = history.lastStateChangeMs ?? history.lastSwitchMs;
    if (lastMs !== null && lastMs !== undefined && nowMs - lastMs < minStateMs) {
      const detail = `wants ${drive.order ?? d.level} (${d.reason}: ${d.detail}); held by min_state_change: ${drive.order === undefined ? "" : `${prev.order} `}for ${nowMs - lastMs} ms < ${minStateMs} ms`;
      return prev.detail === detail ? prev : { ...prev, detail };
    }
  }
  if (prev.on === null) {
    // The first output after boot: "on" is the state the outputs boot in (coils released, loads run as if the
    // box were absent), so no relay moved and nothing holds the load on — a red peak seen 100 ms after boot must
    // still shed it at once. "off" did move a relay: it starts the minimum-off clock (no daily budget spent).
    if (!on) history = { ...history, lastSwitchMs: nowMs };
  } else if (prev.on !== on) {
    const verdict = maySwitch(w.load, prev.history, on, d.cause, nowMs);
    if (!verdict.allowed) {
      // Held: keep the state, but say what it wants and why it waits.
      const detail = `wants ${on ? "on" : "off"} (${d.reason}: ${d.detail}); held by ${verdict.heldBy}: ${verdict.detail}`;
      if (prev.detail === detail) return prev;
      const untilMs = verdict.untilMs ?? tempoDayStartMs(dayStartMs + NEXT_DAY_PROBE_MS);
      const was = prev.held;
      const same = was !== undefined && was.by === verdict.heldBy && was.wantsOn === on && was.wantsReason === d.reason && was.untilMs === untilMs;
      return { ...prev, detail, held: same ? was : { by: verdict.heldBy as LoadHold["by"], wantsOn: on, wantsReason: d.reason, untilMs } };
    }
    history = recordSwitch(prev.history, nowMs, dayStartMs);
  }
  if (history.dayStartMs !== dayStartMs) history = { ...history, switchesToday: 0, dayStartMs };
  if (minStateMs > 0 && prev.on !== null && prev.order !== drive.order) history = { ...history, lastStateChangeMs: nowMs };
  const next: LoadRuntime = { on, level: d.level, allocatedW: w.allocatedW, reason: d.reason, detail: d.detail, history, confirmed: prev.confirmed };
  if (prev.remote !== undefined) next.remote = prev.remote;
  if (drive.order !== undefined) next.order = drive.order;
  if (d.numbers !== undefined) next.numbers = d.numbers;
  return next;
}

/** A remote output reported (or failed to report) its state. */
export function onOutputConfirmed(loads: LoadsState, loadId: string, confirmed: boolean | null): LoadsState {
  const rt = loads[loadId];
  if (!rt) return loads;
  const remote = withConfirmed(rt.remote, confirmed);
  if (rt.confirmed === confirmed && remote === rt.remote) return loads;
  return { ...loads, [loadId]: { ...rt, confirmed, remote } };
}

/** A remote output measured the load's power (null: it could not be read). */
export function onOutputPower(loads: LoadsState, loadId: string, powerW: number | null, nowMs: number): LoadsState {
  const rt = loads[loadId];
  if (!rt) return loads;
  const remote = withMeasured(rt.remote, powerW, nowMs);
  return remote === rt.remote ? loads : { ...loads, [loadId]: { ...rt, remote } };
}

/** Measurements gone stale are dropped (the budget goes back to nominal powers); the same table when none did. */
export function expireMeasured(loads: LoadsState, configs: readonly LoadConfig[], nowMs: number): LoadsState {
  let next: Record<string, LoadRuntime> | null = null;
  for (let i = 0; i < configs.length; i++) {
    const rt = loads[configs[i].id];
    const remote = expired(rt.remote, nowMs);
    if (remote === rt.remote) continue;
    if (next === null) next = copyLoads(loads, configs);
    next[configs[i].id] = { ...rt, remote };
  }
  return next ?? loads;
}

function sameNumbers(a: DecisionNumbers | undefined, b: DecisionNumbers | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}
