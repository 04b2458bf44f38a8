// The ESS policy per Tempo colour (target SoC, minimum SoC, BatteryLife, charge window in HC, allow discharge) and the
// ESS settings it comes to for a given day and hour. Pure; never writes anything and never reads the clock.

import type { ColourOrUnknown } from "../tariff/tariff-tracker";
import { localParts } from "../tariff/local-time";
import { periodAt, TEMPO_HOURS } from "../tariff/tempo-calendar";
import { SCHEDULE, essValueProblem, type Accept } from "./venus";

export interface EssColourPolicy {
  /** The night charge stops here (Schedule/Charge/N/Soc). */
  targetSocPct: number;
  /** The battery is never discharged below this during the day (BatteryLife/MinimumSocLimit). */
  minSocPct: number;
  /** BatteryLife raises its own floor to protect the battery; off lets the red peak use it all down to minSocPct. */
  batteryLife: boolean;
  /** Local time the charge slot starts, minutes after midnight; the slot lies inside HC (22:00–06:00). */
  chargeStartMin: number;
  chargeDurationMin: number;
  /** Once the target is reached during the slot, the battery may feed the house (blue night: yes; before red: no). */
  allowDischarge: boolean;
}

export type EssPolicyColour = "blue" | "white" | "red" | "unknown";
export type EssPolicyTable = Readonly<Record<EssPolicyColour, Readonly<EssColourPolicy>>>;

const HC_START_MIN = TEMPO_HOURS.peakEndHour * 60;
const HC_END_MIN = TEMPO_HOURS.peakStartHour * 60;
const DAY_MIN = 24 * 60;
/** The whole HC night, 22:00 → 06:00. */
const NIGHT = { chargeStartMin: HC_START_MIN, chargeDurationMin: DAY_MIN - HC_START_MIN + HC_END_MIN };

/**
 * The policy (a community script's, without its bugs): blue 80 % with BatteryLife and a 30 % floor, white
 * 90 %, red 100 % held for the peak with BatteryLife off and a 25 % floor; unknown as white (the safe side).
 */
export const DEFAULT_ESS_POLICY: EssPolicyTable = Object.freeze({
  blue: Object.freeze({ targetSocPct: 80, minSocPct: 30, batteryLife: true, ...NIGHT, allowDischarge: true }),
  white: Object.freeze({ targetSocPct: 90, minSocPct: 30, batteryLife: true, ...NIGHT, allowDischarge: false }),
  red: Object.freeze({ targetSocPct: 100, minSocPct: 25, batteryLife: false, ...NIGHT, allowDischarge: false }),
  unknown: Object.freeze({ targetSocPct: 90, minSocPct: 30, batteryLife: true, ...NIGHT, allowDischarge: false }),
});

/** Without tomorrow's colour by this local hour, the "unknown" row prepares the night (the 21:00). */
export const UNKNOWN_TOMORROW_HOUR = 21;

/** Every problem with a policy table, by colour and field; empty when it may be used. */
export function essPolicyProblems(table: EssPolicyTable): string[] {
  const problems: string[] = [];
  for (const colour of ["blue", "white", "red", "unknown"] as const) {
    const row = table[colour];
    if (!row) {
      problems.push(`${colour}: missing`);
      continue;
    }
    const pct = (field: "targetSocPct" | "minSocPct"): void => {
      const v = row[field];
      if (!Number.isInteger(v) || v < 0 || v > 100) problems.push(`${colour}.${field}: must be a whole percentage 0–100, got ${v}`);
    };
    pct("targetSocPct");
    pct("minSocPct");
    if (row.minSocPct > row.targetSocPct) problems.push(`${colour}.minSocPct: ${row.minSocPct} above the target ${row.targetSocPct}`);
    const start = row.chargeStartMin;
    const inHc = Number.isInteger(start) && start >= 0 && start < DAY_MIN && (start >= HC_START_MIN || start < HC_END_MIN);
    if (!inHc) problems.push(`${colour}.chargeStartMin: must be in HC (22:00–06:00), got ${start}`);
    const left = inHc ? (start >= HC_START_MIN ? DAY_MIN - start + HC_END_MIN : HC_END_MIN - start) : 0;
    const d = row.chargeDurationMin;
    if (!Number.isInteger(d) || d < 1 || d > left) problems.push(`${colour}.chargeDurationMin: must end by 06:00 (1–${left} min), got ${d}`);
  }
  return problems;
}

/** One ESS setting to hold on the GX. */
export interface EssTarget {
  path: string;
  value: number;
  accept: Accept;
}

export interface EssPlan {
  /** The colour row used for the day (floor, BatteryLife) and for the night charge; null: that part waits. */
  dayColour: EssPolicyColour;
  nightColour: EssPolicyColour | null;
  targets: EssTarget[];
  /** Why each part is what it is, for the page and the log. */
  detail: string;
  /** Values left out because Venus OS would not take them (never written). */
  problems: string[];
}

export interface EssPlanInput {
  table: EssPolicyTable;
  today: ColourOrUnknown;
  tomorrow: ColourOrUnknown;
  /** Charge slot 0–4 of the GX the box owns (the others are the owner's). */
  slot: number;
  nowMs: number;
}

/**
 * What the GX should hold now. The floor and BatteryLife follow the Tempo day in force (at 06:00 a red day lowers
 * the floor so the peak can use the battery); the night charge follows tomorrow's colour, the day it prepares. Before
 * 21:00 an unknown tomorrow leaves the charge slot as it is (the colour usually comes at 11:00); from 21:00, and in
 * HC, the "unknown" row prepares the night. Every value is range-checked here: none outside Venus OS's is planned.
 */
export function essPlan(input: EssPlanInput): EssPlan {
  const { table } = input;
  const dayColour: EssPolicyColour = input.today;
  const day = table[dayColour];
  const targets: EssTarget[] = [
    { path: "BatteryLife/MinimumSocLimit", value: day.minSocPct, accept: "exact" },
    day.batteryLife
      ? { path: "BatteryLife/State", value: 1, accept: "batterylife-on" }
      : { path: "BatteryLife/State", value: 10, accept: "batterylife-off" },
  ];
  let nightColour: EssPolicyColour | null = input.tomorrow;
  let detail = `day ${dayColour}: floor ${day.minSocPct} %, BatteryLife ${day.batteryLife ? "on" : "off"}`;
  if (nightColour === "unknown" && periodAt(input.nowMs) === "hp" && localParts(input.nowMs).hour < UNKNOWN_TOMORROW_HOUR) {
    nightColour = null;
    detail += `; night charge waits for tomorrow's colour (until ${UNKNOWN_TOMORROW_HOUR}:00)`;
  }
  if (nightColour !== null) {
    const night = table[nightColour];
    const base = `BatteryLife/Schedule/Charge/${input.slot}/`;
    targets.push(
      { path: `${base}Day`, value: SCHEDULE.everyDay, accept: "exact" },
      { path: `${base}Start`, value: night.chargeStartMin * 60, accept: "exact" },
      { path: `${base}Duration`, value: night.chargeDurationMin * 60, accept: "exact" },
      { path: `${base}Soc`, value: night.targetSocPct, accept: "exact" },
      { path: `${base}AllowDischarge`, value: night.allowDischarge ? 1 : 0, accept: "exact" },
    );
    detail += `; night for ${nightColour}: charge to ${night.targetSocPct} % from ${hhmm(night.chargeStartMin)} for ${night.chargeDurationMin} min`;
  }
  // A table that slipped past essPolicyProblems loses its bad values here, loudly: none reaches the GX.
  const kept: EssTarget[] = [];
  const problems: string[] = [];
  for (const t of targets) {
    const problem = essValueProblem(t.path, t.value);
    if (problem === null) kept.push(t);
    else problems.push(problem);
  }
  return { dayColour, nightColour, targets: kept, detail, problems };
}

function hhmm(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  return `${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}`;
}
