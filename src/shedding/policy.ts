// Shedding policy: ONE ordered list of rules deciding, for one load, whether it may run and why.
// Pure; never switches a load, never reads the clock; budget and anti-chatter come after it.

import type { SwitchCause } from "../loads/anti-chatter";
import type { DecisionNumbers, LoadConfig, LoadOverride, LoadReason, OwnerMode } from "../app/types";
import type { Peak } from "./peak";

export interface PolicyContext {
  peak: Peak;
  mode: OwnerMode;
  meterLost: boolean;
  overloadShed: readonly string[];
  /** What was compared when each overload-shed load was cut. */
  overloadNumbers: Readonly<Record<string, DecisionNumbers>>;
}

export interface PolicyDecision {
  on: boolean;
  reason: LoadReason;
  detail: string;
  numbers?: DecisionNumbers;
  /** What kind of move this is, for the anti-chatter guard. */
  cause: SwitchCause;
  /** The load wants to run: the allocator still has to fit it in the power budget. */
  needsBudget: boolean;
}

interface Rule {
  name: string;
  decide(load: LoadConfig, override: LoadOverride, ctx: PolicyContext): PolicyDecision | null;
}

const off = (reason: LoadReason, detail: string, cause: SwitchCause, numbers?: DecisionNumbers): PolicyDecision => ({ on: false, reason, detail, numbers, cause, needsBudget: false });

/** First matching rule wins. Order matters where commented. */
export const POLICY_RULES: readonly Rule[] = frozenRules([
  // The owner's "off" is not shedding, so it may switch even priority 0 off.
  { name: "forced-off", decide: (_l, o) => (o === "off" ? off("forced_off", "owner forced off", "owner") : null) },
  // Priority 0 is never shed, by anything below.
  {
    name: "essential",
    decide: (l) => (l.priority === 0 ? { on: true, reason: "normal", detail: "priority 0: never shed", cause: "owner", needsBudget: false } : null),
  },
  // Overload beats the owner's "on" and HEAT: a tripped breaker heats nothing.
  {
    name: "overload",
    decide: (l, _o, c) =>
      c.overloadShed.indexOf(l.id) >= 0 ? off("overload", "shed for overload; waiting for power to stay low", "safety", c.overloadNumbers[l.id]) : null,
  },
  // Forced on beats the tariff (owner's choice) but not overload (above).
  {
    name: "forced-on",
    decide: (_l, o) => (o === "on" ? { on: true, reason: "forced_on", detail: "owner forced on", cause: "owner", needsBudget: true } : null),
  },
  {
    name: "red-peak",
    decide: (l, _o, c) => (c.peak.kind === "red" && l.shedBy.indexOf("red_peak") >= 0 ? off("red_peak", c.peak.detail, "tariff", c.peak.numbers) : null),
  },
  // HEAT cancels white-peak shedding only; it never exists on a red peak (refused there).
  {
    name: "white-peak",
    decide: (l, _o, c) => {
      if (c.peak.kind !== "white" || l.shedBy.indexOf("white_peak") < 0) return null;
      if (c.mode === "HEAT") {
        return { on: true, reason: "heat_mode", detail: `HEAT cancels shedding: ${c.peak.detail}`, numbers: c.peak.numbers, cause: "owner", needsBudget: true };
      }
      return off("white_peak", c.peak.detail, "tariff", c.peak.numbers);
    },
  },
  {
    name: "meter-lost",
    decide: (l, _o, c) => (c.meterLost && l.shedBy.indexOf("meter_lost") >= 0 ? off("meter_lost", "no valid meter frame: power unknown", "tariff") : null),
  },
  { name: "run", decide: (_l, _o, c) => ({ on: true, reason: "normal", detail: c.peak.detail, cause: "tariff", needsBudget: true }) },
]);

/** Each rule frozen too: xsl leaves a preloaded table in flash only when every object in it is frozen. */
function frozenRules(rules: Rule[]): readonly Rule[] {
  for (const rule of rules) Object.freeze(rule);
  return Object.freeze(rules);
}

export function decide(load: LoadConfig, override: LoadOverride, ctx: PolicyContext): PolicyDecision {
  for (const rule of POLICY_RULES) {
    const d = rule.decide(load, override, ctx);
    if (d) return d;
  }
  throw new Error("policy: the last rule must always match");
}
