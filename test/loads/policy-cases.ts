// Table of the shedding policy: load × context → rule, reason, level, shared by jest and the XS lane.
// Node-free: imports only src/; never builds a Controller (the engine tables do that).

import { decide, POLICY_RULES, type PolicyContext, type PolicyDecision, type PolicyLoad } from "../../src/loads/policy";
import type { LoadConfig, LoadLevel, LoadOverride, LoadReason, Priority, ShedReason } from "../../src/loads/types";
import type { OwnerMode } from "../../src/owner/mode";
import type { MeterStatus } from "../../src/meter/meter";
import type { LoadPlan, ManagerView } from "../../src/manager/state";

/** The load, as a patch over a priority-2 heater that every reason may shed, running, override "auto". */
export interface CaseLoad {
  id?: string;
  priority?: Priority;
  shedBy?: ShedReason[];
  override?: LoadOverride;
  running?: boolean | null;
  /** A kind other than a relay: a water heater or an SG-Ready heat pump (their fields take their defaults). */
  kind?: "water-heater" | "sg-ready" | "modulating";
}

/** The context, as a patch over a blue/HC-like quiet moment: no peak, AUTO, meter ok, colour known, no overrun. */
export interface CaseContext {
  peak?: "red" | "white" | "none";
  mode?: OwnerMode;
  meter?: MeterStatus;
  colourKnown?: boolean;
  overrunActive?: boolean;
  comingBack?: string[];
  overloadShed?: string[];
  restoredId?: string | null;
  /** What the energy manager asks of load "x" (src/manager), and a power the owner forced for it. */
  plan?: LoadPlan["want"];
  forcedW?: number;
  winter?: boolean;
  /** Ecowatt's level this hour once it reaches the shed level (0: none). */
  ecowattLevel?: number;
  /** The surplus router's word on load "x": sun, nothing, or its daily guarantee. */
  surplus?: "on" | "off" | "guarantee";
}

export interface PolicyCase {
  name: string;
  load: CaseLoad;
  ctx: CaseContext;
  rule: string;
  reason: LoadReason;
  level: LoadLevel;
}

const ALL: ShedReason[] = ["red_peak", "white_peak", "overload", "meter_lost", "ecowatt"];
const c = (name: string, load: CaseLoad, ctx: CaseContext, rule: string, reason: LoadReason, level: LoadLevel): PolicyCase => ({ name, load, ctx, rule, reason, level });

/** The rules in the order they are tried (the precedence cases below depend on it). */
export const RULE_ORDER = Object.freeze([
  "forced-off", "essential", "legionella", "overload", "wait-for-meter", "red-peak", "white-peak", "ecowatt", "meter-lost", "overrun-gate",
  "forced-on", "forced-power", "surplus", "dhw", "heat-mode", "sg-recommended", "heat-pump-winter", "run",
]);

// prettier-ignore
export const POLICY_CASES: PolicyCase[] = [
  // forced-off
  c("owner off switches a plain load off",                           { override: "off" },                          {},                                                    "forced-off", "forced_off", "off"),
  c("forced off beats essential (priority 0)",                        { priority: 0, override: "off" },             {},                                                    "forced-off", "forced_off", "off"),
  c("forced off beats overload",                                      { override: "off" },                          { overloadShed: ["x"] },                               "forced-off", "forced_off", "off"),
  // essential
  c("priority 0 runs through a red peak",                             { priority: 0 },                              { peak: "red" },                                       "essential", "normal", "normal"),
  c("essential beats overload",                                       { priority: 0 },                              { overloadShed: ["x"], overrunActive: true },          "essential", "normal", "normal"),
  c("essential beats wait-for-meter",                                 { priority: 0 },                              { meter: "waiting", colourKnown: false, peak: "white" }, "essential", "normal", "normal"),
  c("essential beats the overrun gate",                               { priority: 0, running: false },              { overrunActive: true },                               "essential", "normal", "normal"),
  // overload
  c("overload-shed load stays off",                                   {},                                           { overloadShed: ["x"] },                               "overload", "overload", "off"),
  c("overload beats forced on",                                       { override: "on" },                           { overloadShed: ["x"] },                               "overload", "overload", "off"),
  c("overload beats HEAT on a white peak",                            {},                                           { overloadShed: ["x"], peak: "white", mode: "HEAT" },  "overload", "overload", "off"),
  c("overload beats wait-for-meter",                                  {},                                           { overloadShed: ["x"], meter: "waiting", colourKnown: false }, "overload", "overload", "off"),
  c("another load's overload shed does not touch this one",           {},                                           { overloadShed: ["other"] },                           "run", "normal", "normal"),
  // wait-for-meter
  c("before the first frame, unknown colour in HP: keep running",     {},                                           { meter: "waiting", colourKnown: false, peak: "white" }, "wait-for-meter", "boot", "normal"),
  c("before the first frame, unknown colour as red: keep running",    {},                                           { meter: "waiting", colourKnown: false, peak: "red" }, "wait-for-meter", "boot", "normal"),
  c("wait-for-meter not when forced on",                              { override: "on" },                           { meter: "waiting", colourKnown: false, peak: "white" }, "forced-on", "forced_on", "normal"),
  c("wait-for-meter not when today's colour was remembered",          {},                                           { meter: "waiting", colourKnown: true, peak: "red" },  "red-peak", "red_peak", "off"),
  c("wait-for-meter not after the first frame",                       {},                                           { meter: "ok", colourKnown: false, peak: "white" },    "white-peak", "white_peak", "off"),
  c("wait-for-meter not once the meter is lost",                      {},                                           { meter: "lost", colourKnown: false, peak: "white" },  "white-peak", "white_peak", "off"),
  // red-peak
  c("red peak sheds",                                                 {},                                           { peak: "red" },                                       "red-peak", "red_peak", "off"),
  c("red peak yields to forced on",                                   { override: "on" },                           { peak: "red" },                                       "forced-on", "forced_on", "normal"),
  c("HEAT does not cover a red peak",                                 {},                                           { peak: "red", mode: "HEAT" },                         "red-peak", "red_peak", "off"),
  c("red peak spares a load not shed for it",                         { shedBy: ["white_peak", "overload"] },       { peak: "red" },                                       "run", "normal", "normal"),
  c("red peak beats meter-lost",                                      {},                                           { peak: "red", meter: "lost" },                        "red-peak", "red_peak", "off"),
  c("red peak beats the overrun gate",                                { running: false },                           { peak: "red", overrunActive: true },                  "red-peak", "red_peak", "off"),
  // white-peak
  c("white peak sheds",                                               {},                                           { peak: "white" },                                     "white-peak", "white_peak", "off"),
  c("white peak yields to forced on",                                 { override: "on" },                           { peak: "white" },                                     "forced-on", "forced_on", "normal"),
  c("white peak spares a load not shed for it",                       { shedBy: ["red_peak", "overload"] },         { peak: "white" },                                     "run", "normal", "normal"),
  c("white peak beats meter-lost",                                    {},                                           { peak: "white", meter: "lost" },                      "white-peak", "white_peak", "off"),
  // ecowatt
  c("Ecowatt red hour sheds a load that opted in",                    {},                                           { ecowattLevel: 3 },                                   "ecowatt", "ecowatt", "off"),
  c("Ecowatt orange hour sheds when the level setting is 2",          {},                                           { ecowattLevel: 2 },                                   "ecowatt", "ecowatt", "off"),
  c("Ecowatt spares a load that did not opt in",                      { shedBy: ["red_peak", "white_peak", "overload"] }, { ecowattLevel: 3 },                             "run", "normal", "normal"),
  c("Ecowatt yields to forced on",                                    { override: "on" },                           { ecowattLevel: 3 },                                   "forced-on", "forced_on", "normal"),
  c("HEAT cancels Ecowatt shedding (a voluntary signal, not a price)", {},                                          { ecowattLevel: 3, mode: "HEAT" },                     "run", "normal", "normal"),
  c("a red peak names itself before Ecowatt",                         {},                                           { ecowattLevel: 3, peak: "red" },                      "red-peak", "red_peak", "off"),
  c("a white peak names itself before Ecowatt",                       {},                                           { ecowattLevel: 3, peak: "white" },                    "white-peak", "white_peak", "off"),
  c("Ecowatt beats meter-lost",                                       {},                                           { ecowattLevel: 3, meter: "lost" },                    "ecowatt", "ecowatt", "off"),
  c("overload beats Ecowatt",                                         {},                                           { ecowattLevel: 3, overloadShed: ["x"] },              "overload", "overload", "off"),
  // meter-lost
  c("meter lost sheds a load shed for it",                            {},                                           { meter: "lost" },                                     "meter-lost", "meter_lost", "off"),
  c("meter lost spares a load not shed for it",                       { shedBy: ["red_peak", "white_peak"] },       { meter: "lost" },                                     "run", "normal", "normal"),
  c("meter lost yields to forced on",                                 { override: "on" },                           { meter: "lost" },                                     "forced-on", "forced_on", "normal"),
  c("meter lost yields to HEAT covering a white peak",                {},                                           { meter: "lost", peak: "white", mode: "HEAT" },        "heat-mode", "heat_mode", "normal"),
  c("HEAT without a white peak does not cover meter-lost",            {},                                           { meter: "lost", mode: "HEAT" },                       "meter-lost", "meter_lost", "off"),
  c("meter lost beats the overrun gate",                              { running: false },                           { meter: "lost", overrunActive: true },                "meter-lost", "meter_lost", "off"),
  // overrun-gate
  c("overrun in progress: a load that is off does not start",         { running: false },                           { overrunActive: true },                               "overrun-gate", "budget", "off"),
  c("overrun over, others still to come back: off load waits",        { running: false },                           { comingBack: ["boiler"], overloadShed: ["boiler"] },  "overrun-gate", "budget", "off"),
  c("its own turn still to come (held back itself): waits",           { running: false },                           { comingBack: ["x"] },                                 "overrun-gate", "budget", "off"),
  c("the restored load may start while others still wait",           { running: false },                           { comingBack: ["boiler"], overloadShed: ["boiler"], restoredId: "x" }, "run", "normal", "normal"),
  c("overrun gate not for a load running now",                        { running: true },                            { overrunActive: true },                               "run", "normal", "normal"),
  c("overrun gate not for a load with no decision since boot",        { running: null },                            { overrunActive: true },                               "run", "normal", "normal"),
  c("overrun gate beats forced on for a load that is off",            { running: false, override: "on" },           { overrunActive: true },                               "overrun-gate", "budget", "off"),
  c("overrun gate beats HEAT for a load that is off",                 { running: false },                           { comingBack: ["boiler"], peak: "white", mode: "HEAT" }, "overrun-gate", "budget", "off"),
  c("no gate once every load is back",                                { running: false },                           { comingBack: [], restoredId: "boiler" },              "run", "normal", "normal"),
  // forced-on
  c("forced on with nothing against it",                              { override: "on" },                           {},                                                    "forced-on", "forced_on", "normal"),
  c("forced on beats HEAT",                                           { override: "on" },                           { peak: "white", mode: "HEAT" },                       "forced-on", "forced_on", "normal"),
  // surplus
  c("surplus starts a routed load",                                   {},                                           { surplus: "on" },                                     "surplus", "surplus", "normal"),
  c("no surplus keeps a routed load off",                             {},                                           { surplus: "off" },                                    "surplus", "no_surplus", "off"),
  c("the guarantee runs a routed load in HC",                         {},                                           { surplus: "guarantee" },                              "surplus", "guarantee", "normal"),
  c("forced on beats no surplus",                                     { override: "on" },                           { surplus: "off" },                                    "forced-on", "forced_on", "normal"),
  c("forced off beats the surplus",                                   { override: "off" },                          { surplus: "on" },                                     "forced-off", "forced_off", "off"),
  c("a red peak in its shedBy beats the surplus",                     {},                                           { surplus: "on", peak: "red" },                        "red-peak", "red_peak", "off"),
  c("the sun on a red day for a load not shed for it",                { shedBy: ["overload"] },                     { surplus: "on", peak: "red" },                        "surplus", "surplus", "normal"),
  c("the overrun gate beats the surplus",                             { running: false },                           { surplus: "on", overrunActive: true },                "overrun-gate", "budget", "off"),
  c("no surplus beats HEAT for a routed load",                        { shedBy: ["overload"] },                     { surplus: "off", peak: "white", mode: "HEAT" },       "surplus", "no_surplus", "off"),
  // heat-mode
  c("HEAT covers a white peak",                                       {},                                           { peak: "white", mode: "HEAT" },                       "heat-mode", "heat_mode", "normal"),
  c("HEAT with no peak is a plain run",                               {},                                           { mode: "HEAT" },                                      "run", "normal", "normal"),
  c("HEAT does not claim a load the white peak would not shed",       { shedBy: ["red_peak"] },                     { peak: "white", mode: "HEAT" },                       "run", "normal", "normal"),
  // legionella (priority 0 while it runs)
  c("a legionella run is priority 0: overload does not cut it",       { kind: "water-heater" },                     { plan: "legionella", overloadShed: ["x"] },           "legionella", "legionella", "boost"),
  c("the owner's off stops a legionella run",                         { kind: "water-heater", override: "off" },    { plan: "legionella" },                                "forced-off", "forced_off", "off"),
  // forced-power
  c("a modulating load at the owner's power",                         { kind: "modulating" },                       { forcedW: 2300 },                                     "forced-power", "forced_on", "normal"),
  c("the owner's 0 W is off",                                         { kind: "modulating" },                       { forcedW: 0 },                                        "forced-power", "forced_off", "off"),
  c("a red peak beats the owner's power",                             { kind: "modulating" },                       { forcedW: 2300, peak: "red" },                        "red-peak", "red_peak", "off"),
  // dhw
  c("a boost asks the budget",                                        { kind: "water-heater" },                     { plan: "boost" },                                     "dhw", "dhw_boost", "boost"),
  c("a white peak beats a boost (what the box exists for)",           { kind: "water-heater" },                     { plan: "boost", peak: "white" },                      "white-peak", "white_peak", "off"),
  c("a tank at target stays off",                                     { kind: "water-heater" },                     { plan: "satisfied" },                                 "dhw", "dhw_satisfied", "off"),
  c("a tank waits for its HC slot, HEAT or not",                      { kind: "water-heater" },                     { plan: "wait", peak: "white", mode: "HEAT" },         "dhw", "dhw_waiting", "off"),
  c("a placed heat runs",                                             { kind: "water-heater" },                     { plan: "heat" },                                      "run", "normal", "normal"),
  c("forced on beats a tank at target",                               { kind: "water-heater", override: "on" },     { plan: "satisfied" },                                 "forced-on", "forced_on", "normal"),
  // sg-recommended, heat-pump-winter
  c("a heat pump in blue HC: recommended on",                         { kind: "sg-ready" },                         { plan: "recommend" },                                 "sg-recommended", "sg_recommended", "boost"),
  c("a heat pump allowed to lock: locked on a red peak, winter or not", { kind: "sg-ready" },                       { peak: "red", winter: true, plan: "normal" },         "red-peak", "red_peak", "off"),
  c("a heat pump in winter runs at priority 0 for the budget",        { kind: "sg-ready" },                         { winter: true, plan: "normal" },                      "heat-pump-winter", "normal", "normal"),
  c("HEAT covers a white peak for a heat pump too",                   { kind: "sg-ready" },                         { peak: "white", mode: "HEAT", plan: "normal" },       "heat-mode", "heat_mode", "normal"),
  // run
  c("nothing against it: runs",                                       {},                                           {},                                                    "run", "normal", "normal"),
  c("a load shed for nothing runs through every peak",                { shedBy: [] },                               { peak: "red", meter: "lost" },                        "run", "normal", "normal"),
];

const KIND_FIELDS: Readonly<Record<string, Record<string, unknown>>> = Object.freeze({
  "water-heater": { probe: true, targetTemperatureC: 55, heatIn: "hc", tankVolumeL: 200, heatHours: 4, legionella: true },
  "sg-ready": { minStateChangeMs: 600_000, winterPriority0: true, probe: false, targetTemperatureC: 50 },
  modulating: { minPowerW: 1400 },
  relay: {},
});

function loadOf(l: CaseLoad): PolicyLoad {
  const config = {
    ...KIND_FIELDS[l.kind ?? "relay"],
    id: l.id ?? "x",
    name: "X",
    kind: l.kind ?? "relay",
    priority: l.priority ?? 2,
    nominalPowerW: 1000,
    shedBy: l.shedBy ?? ALL,
    minOnMs: 60_000,
    minOffMs: 60_000,
    maxSwitchesPerDay: 48,
  } as LoadConfig;
  return { config, override: l.override ?? "auto", running: l.running === undefined ? true : l.running };
}

function peakOf(kind: "red" | "white" | "none"): PolicyContext["peak"] {
  return { kind, detail: `${kind} test peak`, numbers: { colour: kind === "none" ? "blue" : kind, period: kind === "none" ? "hc" : "hp" } };
}

export function contextOf(x: CaseContext): PolicyContext {
  const overloadShed = x.overloadShed ?? [];
  const overloadNumbers: Record<string, Record<string, number>> = {};
  for (const id of overloadShed) overloadNumbers[id] = { drawnVA: 9800, limitVA: 9000 };
  return {
    peak: peakOf(x.peak ?? "none"),
    mode: x.mode ?? "AUTO",
    meter: x.meter ?? "ok",
    colourKnown: x.colourKnown ?? true,
    overrunActive: x.overrunActive ?? false,
    comingBack: x.comingBack ?? overloadShed,
    overloadShed,
    overloadNumbers,
    restoredId: x.restoredId ?? null,
    manager: managerOf(x),
    ecowattLevel: x.ecowattLevel ?? 0,
    surplus: x.surplus === undefined ? undefined : { x: surplusDecision(x.surplus) },
  };
}

function managerOf(x: CaseContext): ManagerView | undefined {
  if (x.plan === undefined && x.forcedW === undefined && x.winter === undefined) return undefined;
  return { plans: x.plan === undefined ? {} : { x: { want: x.plan, detail: `test plan ${x.plan}` } }, forcedPowerW: x.forcedW === undefined ? {} : { x: x.forcedW }, winter: x.winter === true };
}

function surplusDecision(word: "on" | "off" | "guarantee"): PolicyDecision {
  if (word === "off") return { rule: "surplus", level: "off", reason: "no_surplus", detail: "test", cause: "discretionary", needsBudget: false };
  return { rule: "surplus", level: "normal", reason: word === "on" ? "surplus" : "guarantee", detail: "test", cause: "discretionary", needsBudget: true };
}

/** Rules whose "on" decision runs outside the budget (they never need it); every other "on" asks the budget. */
const OUTSIDE_BUDGET = ["essential", "wait-for-meter", "legionella", "forced-power"];

/** Run one case; returns the failures (empty when it passes). */
export function runPolicyCase(pc: PolicyCase): string[] {
  const failures: string[] = [];
  const load = loadOf(pc.load);
  const ctx = contextOf(pc.ctx);
  const d = decide(load, ctx);
  const got = { rule: d.rule, reason: d.reason, level: d.level };
  const want = { rule: pc.rule, reason: pc.reason, level: pc.level };
  if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${pc.name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)} (${d.detail})`);
  const needsBudget = d.level !== "off" && OUTSIDE_BUDGET.indexOf(d.rule) < 0;
  if (d.needsBudget !== needsBudget) failures.push(`${pc.name}: needsBudget ${d.needsBudget}, expected ${needsBudget}`);
  if ((d.heldBack === true) !== (d.rule === "overrun-gate")) failures.push(`${pc.name}: heldBack ${d.heldBack} with rule ${d.rule}`);
  // A decision says what it compared: the peak's facts for tariff sheds and HEAT, the overrun's for overload.
  if ((d.rule === "red-peak" || d.rule === "white-peak" || d.rule === "heat-mode") && JSON.stringify(d.numbers) !== JSON.stringify(ctx.peak.numbers)) {
    failures.push(`${pc.name}: numbers ${JSON.stringify(d.numbers)}, expected the peak's ${JSON.stringify(ctx.peak.numbers)}`);
  }
  if (d.rule === "overload" && JSON.stringify(d.numbers) !== JSON.stringify(ctx.overloadNumbers[load.config.id])) {
    failures.push(`${pc.name}: numbers ${JSON.stringify(d.numbers)}, expected the overrun's`);
  }
  return failures;
}

/** Every rule of POLICY_RULES is hit by some case, and every case names a rule that exists. */
export function policyCoverage(cases: readonly PolicyCase[] = POLICY_CASES): string[] {
  const failures: string[] = [];
  const names = POLICY_RULES.map((r) => r.name);
  for (const name of names) if (!cases.some((pc) => pc.rule === name)) failures.push(`rule ${name} is hit by no case`);
  for (const pc of cases) if (names.indexOf(pc.rule) < 0) failures.push(`${pc.name}: rule ${pc.rule} is not in POLICY_RULES`);
  return failures;
}
