// Shedding policy: ONE ordered list of named rules deciding, for one load, the level it may run at and why.
// Pure; never switches a load, never reads the clock; the budget (budget.ts) and anti-chatter come after it.

import type { SwitchCause } from "./anti-chatter";
import type { MeterStatus } from "../meter/meter";
import type { OwnerMode } from "../owner/mode";
import type { Peak } from "../tariff/peak";
import type { LoadPlan, ManagerView } from "../manager/state";
import type { DecisionNumbers, LoadConfig, LoadLevel, LoadOverride, LoadReason, Priority } from "./types";

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
  /** What the energy manager asks of its loads (src/manager): tanks, heat pumps, forced powers. Absent: nothing. */
  manager?: ManagerView;
  /** Ecowatt's level this hour when it reaches the owner's shed level (src/signals), else 0. */
  ecowattLevel: number;
  /** What the PV surplus router decided for each load it routes (src/surplus/slice.ts); absent: no routing. */
  surplus?: Readonly<Record<string, PolicyDecision>>;
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
  /** The priority the budget gives it now, when not its configured one (a boost 3, a winter heat pump 0). */
  priority?: Priority;
  /** The power it runs on, when not its nominal power (a modulating load the owner forced). */
  powerW?: number;
  /** At most this much power (W): a modulating load's setpoint following the PV surplus (src/surplus). */
  capW?: number;
}

export interface Rule {
  name: string;
  /** The decision, with this rule's name; often a shared frozen one (most decisions repeat from event to event). */
  decide(load: PolicyLoad, ctx: PolicyContext): PolicyDecision | null;
}

const off = (rule: string, reason: LoadReason, detail: string, cause: SwitchCause, numbers?: DecisionNumbers): PolicyDecision =>
  numbers === undefined
    ? { rule, level: "off", reason, detail, cause, needsBudget: false }
    : { rule, level: "off", reason, detail, numbers, cause, needsBudget: false };
const sheds = (l: PolicyLoad, reason: "red_peak" | "white_peak" | "overload" | "meter_lost" | "ecowatt"): boolean => l.config.shedBy.indexOf(reason) >= 0;
/** HEAT covers a white peak for a load the white peak would shed. */
const heatCovers = (l: PolicyLoad, c: PolicyContext): boolean => c.peak.kind === "white" && c.mode === "HEAT" && sheds(l, "white_peak");

// Decisions that never change, made once and frozen: every load that gets one shares it.
const FORCED_OFF = Object.freeze(off("forced-off", "forced_off", "owner forced off", "owner"));
/** The owner's "off" names the reason, but the overload slice cut the load too: a safety move no minimum on time holds. */
const FORCED_OFF_OVERLOAD = Object.freeze(off("forced-off", "forced_off", "owner forced off", "safety"));
const ESSENTIAL: PolicyDecision = Object.freeze({ rule: "essential", level: "normal", reason: "normal", detail: "priority 0: never shed", cause: "owner", needsBudget: false });
const WAITING = "waiting for the first meter frame";
const WAITING_OFF = Object.freeze(off("wait-for-meter", "boot", WAITING, "tariff"));
const WAITING_ON: PolicyDecision = Object.freeze({ rule: "wait-for-meter", level: "normal", reason: "boot", detail: WAITING, cause: "tariff", needsBudget: false });
const METER_LOST = Object.freeze(off("meter-lost", "meter_lost", "no valid meter frame: power unknown", "tariff"));
/** One frozen decision per Ecowatt level that sheds (2 orange, 3 red). */
const ECOWATT: readonly PolicyDecision[] = Object.freeze([2, 3].map((level) =>
  Object.freeze(off("ecowatt", "ecowatt", `Ecowatt level ${level} this hour: grid under stress`, "tariff", { ecowattLevel: level }))));
const FORCED_ON: PolicyDecision = Object.freeze({ rule: "forced-on", level: "normal", reason: "forced_on", detail: "owner forced on", cause: "owner", needsBudget: true });

/** The decisions that depend on the peak alone, each made on first use for one peak (it changes a few times a day). */
interface PeakDecisions {
  peak: Peak;
  red: PolicyDecision | null;
  white: PolicyDecision | null;
  heat: PolicyDecision | null;
  run: PolicyDecision | null;
  /** `run` for a heat pump at priority 0 in winter. */
  winterRun: PolicyDecision | null;
}

// The last peak's decisions: the transition keeps one peak object while the tariff does not move, so one entry is
// enough. Pure all the same: what it holds is a function of the peak it is keyed by.
let lastPeak: PeakDecisions | null = null;

function forPeak(peak: Peak): PeakDecisions {
  if (lastPeak === null || lastPeak.peak !== peak) lastPeak = { peak, red: null, white: null, heat: null, run: null, winterRun: null };
  return lastPeak;
}

function redPeak(peak: Peak): PolicyDecision {
  const d = forPeak(peak);
  if (d.red === null) d.red = Object.freeze(off("red-peak", "red_peak", peak.detail, "tariff", peak.numbers));
  return d.red;
}

function whitePeak(peak: Peak): PolicyDecision {
  const d = forPeak(peak);
  if (d.white === null) d.white = Object.freeze(off("white-peak", "white_peak", peak.detail, "tariff", peak.numbers));
  return d.white;
}

function heatMode(peak: Peak): PolicyDecision {
  const d = forPeak(peak);
  if (d.heat === null) {
    const detail = `HEAT cancels shedding: ${peak.detail}`;
    d.heat = Object.freeze({ rule: "heat-mode", level: "normal", reason: "heat_mode", detail, numbers: peak.numbers, cause: "owner", needsBudget: true });
  }
  return d.heat;
}

function run(peak: Peak): PolicyDecision {
  const d = forPeak(peak);
  if (d.run === null) d.run = Object.freeze({ rule: "run", level: "normal", reason: "normal", detail: peak.detail, cause: "tariff", needsBudget: true });
  return d.run;
}

function winterRun(peak: Peak): PolicyDecision {
  const d = forPeak(peak);
  if (d.winterRun === null) d.winterRun = Object.freeze({ ...run(peak), rule: "heat-pump-winter", priority: 0 as Priority });
  return d.winterRun;
}

/** The manager's plan for this load, if it has one. */
const planOf = (l: PolicyLoad, c: PolicyContext): LoadPlan | undefined => c.manager?.plans[l.config.id];
/** A heat pump the owner marked "priority 0 in winter", in winter: the budget never cuts it (tariff locks still do). */
const winterHeatPump = (l: PolicyLoad, c: PolicyContext): boolean => l.config.kind === "sg-ready" && l.config.winterPriority0 && c.manager?.winter === true;
/** A boost waits for power after the normal hot water (the plan's priority 3). */
const BOOST_PRIORITY: Priority = 3;

function tankDecision(plan: LoadPlan): PolicyDecision | null {
  switch (plan.want) {
    case "boost":
      return { rule: "dhw", level: "boost", reason: "dhw_boost", detail: plan.detail, numbers: plan.numbers, cause: "owner", needsBudget: true, priority: BOOST_PRIORITY };
    case "satisfied":
      return off("dhw", "dhw_satisfied", plan.detail, "tariff", plan.numbers);
    case "wait":
      return off("dhw", "dhw_waiting", plan.detail, "tariff", plan.numbers);
    default:
      return null;
  }
}

/** First matching rule wins. Order matters where commented. */
export const POLICY_RULES: readonly Rule[] = frozenRules([
  // The owner's "off" is not shedding, so it may switch even priority 0 off.
  { name: "forced-off", decide: (l, c) => (l.override !== "off" ? null : c.overloadShed.indexOf(l.config.id) >= 0 ? FORCED_OFF_OVERLOAD : FORCED_OFF) },
  // Priority 0 is never shed, by anything below.
  { name: "essential", decide: (l) => (l.config.priority === 0 ? ESSENTIAL : null) },
  // A legionella run is priority 0 while it lasts (it only starts in a blue HC night, and only the owner stops it).
  {
    name: "legionella",
    decide: (l, c) => {
      const plan = planOf(l, c);
      return plan !== undefined && plan.want === "legionella"
        ? { rule: "legionella", level: "boost", reason: "legionella", detail: plan.detail, numbers: plan.numbers, cause: "tariff", needsBudget: false }
        : null;
    },
  },
  // Overload beats the owner's "on" and HEAT: a tripped breaker heats nothing.
  {
    name: "overload",
    decide: (l, c) =>
      c.overloadShed.indexOf(l.config.id) >= 0 ? off("overload", "overload", "shed for overload; waiting for power to stay low", "safety", c.overloadNumbers[l.config.id]) : null,
  },
  // Before the first frame (and the meter-lost timeout) nothing is known of today: no tariff decision on a guess,
  // unless this Tempo day's colour was remembered. Loads keep their state: running as at boot (as without the
  // box), and one that is off (the owner's "off" just lifted, say) stays off rather than start on a guess.
  {
    name: "wait-for-meter",
    decide: (l, c) => {
      if (c.meter !== "waiting" || c.colourKnown || l.override === "on") return null;
      return l.running === false ? WAITING_OFF : WAITING_ON;
    },
  },
  // The tariff rules yield to the owner's "on" (forced on beats the tariff, not overload above).
  {
    name: "red-peak",
    decide: (l, c) => (c.peak.kind === "red" && l.override !== "on" && sheds(l, "red_peak") ? redPeak(c.peak) : null),
  },
  // HEAT cancels white-peak shedding only; it never exists on a red peak (refused there).
  {
    name: "white-peak",
    decide: (l, c) => (c.peak.kind === "white" && l.override !== "on" && c.mode !== "HEAT" && sheds(l, "white_peak") ? whitePeak(c.peak) : null),
  },
  // Ecowatt is a voluntary call to ease the grid, not a price: the owner's HEAT (time-limited) and "on" beat it.
  {
    name: "ecowatt",
    decide: (l, c) => (c.ecowattLevel >= 2 && l.override !== "on" && c.mode !== "HEAT" && sheds(l, "ecowatt") ? ECOWATT[c.ecowattLevel >= 3 ? 1 : 0] : null),
  },
  {
    name: "meter-lost",
    decide: (l, c) => (c.meter === "lost" && l.override !== "on" && !heatCovers(l, c) && sheds(l, "meter_lost") ? METER_LOST : null),
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
      return { rule: "overrun-gate", level: "off", reason: "budget", detail, cause: "discretionary", needsBudget: false, heldBack: true };
    },
  },
  { name: "forced-on", decide: (l) => (l.override === "on" ? FORCED_ON : null) },
  // The owner's power for a modulating load: outside the budget, as the owner's "on" is; the peaks above still win.
  {
    name: "forced-power",
    decide: (l, c) => {
      const w = c.manager?.forcedPowerW[l.config.id];
      if (w === undefined) return null;
      if (w <= 0) return off("forced-power", "forced_off", "owner set 0 W", "owner");
      return { rule: "forced-power", level: "normal", reason: "forced_on", detail: `owner forced ${w} W`, numbers: { forcedW: w }, cause: "owner", needsBudget: false, powerW: w };
    },
  },
  // A load routed on the PV surplus runs when the router says (sun, battery, or its daily guarantee in HC), after
  // the owner, the overload, the peaks its shedBy names and the overrun gate above: leave the red and white peaks out
  // of its shedBy to let it use the sun on those days. A routed water heater follows the router (its guarantee stands
  // for the HC placement below).
  { name: "surplus", decide: (l, c) => (c.surplus === undefined ? null : (c.surplus[l.config.id] ?? null)) },
  // A tank's own wishes (boost, at target, waiting for its HC slot) come before HEAT: HEAT is about heating rooms.
  {
    name: "dhw",
    decide: (l, c) => {
      const plan = l.config.kind === "water-heater" ? planOf(l, c) : undefined;
      return plan === undefined ? null : tankDecision(plan);
    },
  },
  { name: "heat-mode", decide: (l, c) => (heatCovers(l, c) ? heatMode(c.peak) : null) },
  // SG-Ready 3 when heat is cheap (blue HC; PV surplus later): the budget still has to fit it.
  {
    name: "sg-recommended",
    decide: (l, c) => {
      const plan = l.config.kind === "sg-ready" ? planOf(l, c) : undefined;
      if (plan === undefined || plan.want !== "recommend") return null;
      const d: PolicyDecision = { rule: "sg-recommended", level: "boost", reason: "sg_recommended", detail: plan.detail, cause: "tariff", needsBudget: true };
      if (winterHeatPump(l, c)) d.priority = 0;
      return d;
    },
  },
  { name: "heat-pump-winter", decide: (l, c) => (winterHeatPump(l, c) ? winterRun(c.peak) : null) },
  { name: "run", decide: (_l, c) => run(c.peak) },
]);

/** Each rule frozen too: xsl leaves a preloaded table in flash only when every object in it is frozen. */
function frozenRules(rules: Rule[]): readonly Rule[] {
  for (const rule of rules) Object.freeze(rule);
  return Object.freeze(rules);
}

export function decide(load: PolicyLoad, ctx: PolicyContext, rules: readonly Rule[] = POLICY_RULES): PolicyDecision {
  for (let i = 0; i < rules.length; i++) {
    const d = rules[i].decide(load, ctx);
    if (d) return d;
  }
  throw new Error("policy: the last rule must always match");
}
