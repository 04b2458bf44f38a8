// Shedding policy: ONE ordered list of named rules deciding, for one load, the level it may run at and why.
// Pure; never switches a load, never reads the clock; the budget (budget.ts) and anti-chatter come after it.

import type { SwitchCause } from "./anti-chatter";
import type { MeterStatus } from "../meter/meter";
import type { OwnerMode } from "../owner/mode";
import type { Peak } from "../tariff/peak";
import type { DecisionNumbers, LoadConfig, LoadLevel, LoadOverride, LoadReason } from "./types";

export interface PolicyContext {
  peak: Peak;
  mode: OwnerMode;
  meter: MeterStatus;
  /** Today's colour is known (from a frame, memory of this Tempo day, or the contract has no colours). */
  colourKnown: boolean;
  /** An overrun is going on now. */
  overrunActive: boolean;
  /** Loads the overrun cut or held back, still to come back one at a time (empty when all are back). */
  comingBack: readonly string[];
  overloadShed: readonly string[];
  /** What was compared when each overload-shed load was cut. */
  overloadNumbers: Readonly<Record<string, DecisionNumbers>>;
  /** The load the last restore let back: the only one that may start while others still wait. */
  restoredId: string | null;
}

/** One load as the rules see it. */
export interface PolicyLoad {
  config: LoadConfig;
  override: LoadOverride;
  /** Running now (null: no decision since boot, outputs released). */
  running: boolean | null;
}

export interface PolicyDecision {
  /** The rule that decided. */
  rule: string;
  level: LoadLevel;
  reason: LoadReason;
  detail: string;
  numbers?: DecisionNumbers;
  /** What kind of move this is, for the anti-chatter guard. */
  cause: SwitchCause;
  /** The load wants to run: the budget still has to fit it in. */
  needsBudget: boolean;
  /** Kept off only because an overrun is being recovered from: it joins the one-at-a-time restore queue. */
  heldBack?: boolean;
}

export interface Rule {
  name: string;
  decide(load: PolicyLoad, ctx: PolicyContext): Omit<PolicyDecision, "rule"> | null;
}

const off = (reason: LoadReason, detail: string, cause: SwitchCause, numbers?: DecisionNumbers): Omit<PolicyDecision, "rule"> =>
  numbers === undefined ? { level: "off", reason, detail, cause, needsBudget: false } : { level: "off", reason, detail, numbers, cause, needsBudget: false };
const sheds = (l: PolicyLoad, reason: "red_peak" | "white_peak" | "overload" | "meter_lost"): boolean => l.config.shedBy.indexOf(reason) >= 0;
/** HEAT covers a white peak for a load the white peak would shed. */
const heatCovers = (l: PolicyLoad, c: PolicyContext): boolean => c.peak.kind === "white" && c.mode === "HEAT" && sheds(l, "white_peak");

/** First matching rule wins. Order matters where commented. */
export const POLICY_RULES: readonly Rule[] = frozenRules([
  // The owner's "off" is not shedding, so it may switch even priority 0 off.
  { name: "forced-off", decide: (l) => (l.override === "off" ? off("forced_off", "owner forced off", "owner") : null) },
  // Priority 0 is never shed, by anything below.
  { name: "essential", decide: (l) => (l.config.priority === 0 ? { level: "normal", reason: "normal", detail: "priority 0: never shed", cause: "owner", needsBudget: false } : null) },
  // Overload beats the owner's "on" and HEAT: a tripped breaker heats nothing.
  {
    name: "overload",
    decide: (l, c) => (c.overloadShed.indexOf(l.config.id) >= 0 ? off("overload", "shed for overload; waiting for power to stay low", "safety", c.overloadNumbers[l.config.id]) : null),
  },
  // Before the first frame (and the meter-lost timeout) nothing is known of today: no tariff decision on a guess,
  // unless this Tempo day's colour was remembered. Loads keep their state: running as at boot (as without the
  // box), and one that is off (the owner's "off" just lifted, say) stays off rather than start on a guess.
  {
    name: "wait-for-meter",
    decide: (l, c) => {
      if (c.meter !== "waiting" || c.colourKnown || l.override === "on") return null;
      const level = l.running === false ? "off" : "normal";
      return { level, reason: "boot", detail: "waiting for the first meter frame", cause: "tariff", needsBudget: false };
    },
  },
  // The tariff rules yield to the owner's "on" (forced on beats the tariff, not overload above).
  {
    name: "red-peak",
    decide: (l, c) => (c.peak.kind === "red" && l.override !== "on" && sheds(l, "red_peak") ? off("red_peak", c.peak.detail, "tariff", c.peak.numbers) : null),
  },
  // HEAT cancels white-peak shedding only; it never exists on a red peak (refused there).
  {
    name: "white-peak",
    decide: (l, c) => (c.peak.kind === "white" && l.override !== "on" && c.mode !== "HEAT" && sheds(l, "white_peak") ? off("white_peak", c.peak.detail, "tariff", c.peak.numbers) : null),
  },
  {
    name: "meter-lost",
    decide: (l, c) => (c.meter === "lost" && l.override !== "on" && !heatCovers(l, c) && sheds(l, "meter_lost") ? off("meter_lost", "no valid meter frame: power unknown", "tariff") : null),
  },
  // Every rule below lets a load run. During an overrun, and until every load it cut is back, nothing that is off
  // starts (whatever a stale base estimate says): loads come back one at a time through the overload restore.
  {
    name: "overrun-gate",
    decide: (l, c) => {
      if ((!c.overrunActive && c.comingBack.length === 0) || l.running !== false || l.config.id === c.restoredId) return null;
      const others = c.comingBack.filter((id) => id !== l.config.id);
      const detail = c.overrunActive
        ? "overrun in progress: nothing starts"
        : others.length > 0
          ? `waiting for ${others.join(", ")} to come back first`
          : "its turn after the overrun: waiting for power to stay low";
      return { ...off("budget", detail, "discretionary"), heldBack: true };
    },
  },
  { name: "forced-on", decide: (l) => (l.override === "on" ? { level: "normal", reason: "forced_on", detail: "owner forced on", cause: "owner", needsBudget: true } : null) },
  {
    name: "heat-mode",
    decide: (l, c) => (heatCovers(l, c) ? { level: "normal", reason: "heat_mode", detail: `HEAT cancels shedding: ${c.peak.detail}`, numbers: c.peak.numbers, cause: "owner", needsBudget: true } : null),
  },
  { name: "run", decide: (_l, c) => ({ level: "normal", reason: "normal", detail: c.peak.detail, cause: "tariff", needsBudget: true }) },
]);

/** Each rule frozen too: xsl leaves a preloaded table in flash only when every object in it is frozen. */
function frozenRules(rules: Rule[]): readonly Rule[] {
  for (const rule of rules) Object.freeze(rule);
  return Object.freeze(rules);
}

export function decide(load: PolicyLoad, ctx: PolicyContext, rules: readonly Rule[] = POLICY_RULES): PolicyDecision {
  for (const rule of rules) {
    const d = rule.decide(load, ctx);
    if (d) return { rule: rule.name, ...d };
  }
  throw new Error("policy: the last rule must always match");
}
