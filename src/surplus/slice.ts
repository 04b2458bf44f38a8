// The Controller's surplus slice: the measures (meter, GX, MQTT topic), the router's state, and the decision the
// `surplus` policy rule returns for each routed load. A pure reducer; never switches a load and never reads the clock.

import type { PolicyDecision } from "../loads/policy";
import type { LoadConfig } from "../loads/types";
import type { Settings } from "../settings/types";
import type { TicReading } from "../tic/types";
import { surplusPoliciesOf } from "./config";
import { initialRouter, routeStep, type RoutedLoad, type RoutedLoadState, type RouterState, type SurplusPolicy } from "./router";
import { INITIAL_SOURCE, onGx, onMeterFrame, onTopic, routable, type SurplusSourceState } from "./source";

/**
 * The router steps at most this often: its delays are tens of seconds to minutes, and a step on every meter frame
 * would only cost the frame time (bench/surplus.ts measures one step).
 */
export const SURPLUS_STEP_MS = 5_000;

export interface SurplusSlice {
  source: SurplusSourceState;
  router: RouterState;
  /** Per routed load, what the `surplus` rule returns; the same object while the decision stands. */
  decisions: Readonly<Record<string, PolicyDecision>>;
  /** The settings text the policies were parsed from, and them (parsed again only when it changes). */
  loadsText: string;
  policies: Readonly<Record<string, SurplusPolicy>>;
}

export type GxMeasures = { socPct: number | null; batteryW: number | null; gridW: number | null; pvW: number | null };

const NO_DECISIONS: Readonly<Record<string, PolicyDecision>> = Object.freeze({});

export function initialSurplus(nowMs: number): SurplusSlice {
  return { source: INITIAL_SOURCE, router: initialRouter(nowMs), decisions: NO_DECISIONS, loadsText: "", policies: Object.freeze({}) };
}

/** Routing is on: a source is chosen (or the box is off-grid) and at least one load is listed. */
export function routingOn(settings: Settings): boolean {
  return (settings.surplusSource !== "off" || settings.offGrid) && settings.surplusLoads !== "";
}

/** The slice has something to do this transition: routing is on, or it is off and its decisions must go. */
export function surplusActive(s: SurplusSlice, settings: Settings): boolean {
  return s.decisions !== NO_DECISIONS || routingOn(settings);
}

export function onSurplusFrame(s: SurplusSlice, reading: TicReading, settings: Settings, nowMs: number): SurplusSlice {
  if (settings.surplusSource !== "meter" || settings.offGrid || !routingOn(settings)) return s;
  const source = onMeterFrame(s.source, reading.injectedPowerVA, reading.apparentPowerVA, reading.indexesWh.EAIT, nowMs);
  return source === s.source ? s : { ...s, source };
}

export function onGxMeasures(s: SurplusSlice, m: GxMeasures, settings: Settings, nowMs: number): SurplusSlice {
  if (!routingOn(settings)) return s;
  return { ...s, source: onGx(s.source, m, settings.surplusSource === "gx" && !settings.offGrid, nowMs) };
}

export function onSurplusTopic(s: SurplusSlice, valueW: number, settings: Settings, nowMs: number): SurplusSlice {
  if (settings.surplusSource !== "mqtt" || !routingOn(settings) || !Number.isFinite(valueW)) return s;
  return { ...s, source: onTopic(s.source, valueW, settings.surplusTopicSign, nowMs) };
}

export interface SurplusStepInput {
  settings: Settings;
  period: "hp" | "hc";
  /** An overrun, or loads still coming back from one. */
  overrun: boolean;
  nowMs: number;
  /** Each load's state as the loads slice drove it (what really ran since the last step). */
  running?: Readonly<Record<string, { on: boolean | null }>>;
}

/** One router step when one is due; the same slice back when nothing is due or nothing changed. */
export function stepSurplus(s: SurplusSlice, input: SurplusStepInput): SurplusSlice {
  const { settings, nowMs } = input;
  if (!routingOn(settings)) return s.decisions === NO_DECISIONS ? s : { ...s, decisions: NO_DECISIONS };
  const last = s.router.lastMs;
  if (last !== null && nowMs - last < SURPLUS_STEP_MS && nowMs >= last && s.loadsText === settings.surplusLoads) return s;
  const policies = s.loadsText === settings.surplusLoads ? s.policies : surplusPoliciesOf(settings.surplusLoads);
  const loads = routedLoads(settings.loads, policies);
  const router = routeStep(s.router, loads, {
    nowMs,
    routable: routable(s.source, { offGrid: settings.offGrid, routeSocPct: settings.surplusRouteSocPct, nowMs }),
    period: input.period,
    offGrid: settings.offGrid,
    overrun: input.overrun,
    running: input.running,
  });
  const decisions = decisionsOf(s.decisions, router, loads);
  return { source: s.source, router, decisions, loadsText: settings.surplusLoads, policies };
}

function routedLoads(configs: readonly LoadConfig[], policies: Readonly<Record<string, SurplusPolicy>>): RoutedLoad[] {
  const out: RoutedLoad[] = [];
  for (const c of configs) {
    const policy = policies[c.id];
    // Priority 0 always runs (the essential rule): routing it would mean nothing.
    if (!policy || c.priority === 0) continue;
    out.push({ id: c.id, priority: c.priority, powerW: c.nominalPowerW, modulating: c.kind === "modulating", minPowerW: c.kind === "modulating" ? c.minPowerW : 0, policy });
  }
  return out;
}

/** The rule's decisions; a load's previous object is kept while its state reads the same (the loads pass then stands). */
function decisionsOf(prev: Readonly<Record<string, PolicyDecision>>, router: RouterState, loads: readonly RoutedLoad[]): Readonly<Record<string, PolicyDecision>> {
  let changed = Object.keys(prev).length !== loads.length;
  const next: Record<string, PolicyDecision> = {};
  for (const l of loads) {
    const st = router.loads[l.id];
    const old = prev[l.id];
    if (old !== undefined && same(old, st, l)) next[l.id] = old;
    else {
      next[l.id] = decisionOf(st, l);
      changed = true;
    }
  }
  return changed ? next : prev;
}

function same(d: PolicyDecision, st: RoutedLoadState, l: RoutedLoad): boolean {
  if (st.on !== (d.level !== "off")) return false;
  if (!st.on) return d.reason === "no_surplus";
  return d.reason === st.reason && (!l.modulating || d.capW === st.setpointW);
}

function decisionOf(st: RoutedLoadState, l: RoutedLoad): PolicyDecision {
  if (!st.on) return Object.freeze({ rule: "surplus", level: "off", reason: "no_surplus", detail: st.detail, numbers: st.numbers, cause: "discretionary", needsBudget: false });
  const d: PolicyDecision = { rule: "surplus", level: "normal", reason: st.reason, detail: st.detail, numbers: st.numbers, cause: "discretionary", needsBudget: true };
  if (l.modulating) d.capW = st.setpointW;
  return Object.freeze(d);
}
