// The Victron settings as the box stores them (one text row for the policy per colour, one for the charge window)
// turned into an EssPolicyTable, with every problem named. Pure; never connects and never writes to the GX.

import { DEFAULT_ESS_POLICY, essPolicyProblems, type EssColourPolicy, type EssPolicyColour, type EssPolicyTable } from "./ess-policy";

const PCT = "(?:100|[1-9]?[0-9])";
const ROW = `${PCT}/${PCT}/(?:on|off)/(?:discharge|hold)`;
/** `blue=80/30/on/discharge white=… red=… unknown=…`: target %, floor %, BatteryLife, discharge in the slot. */
export const ESS_POLICY_PATTERN = `^blue=${ROW} white=${ROW} red=${ROW} unknown=${ROW}$`;
/** `22:00-06:00`: the night charge slot, local time, inside HC. */
export const ESS_WINDOW_PATTERN = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:[01][0-9]|2[0-3]):[0-5][0-9]$";
/** A portal id, or empty to find it from the GX's retained serial. */
export const PORTAL_ID_SETTING_PATTERN = "^[0-9a-f]{12}$";

const rowText = (p: EssColourPolicy): string => `${p.targetSocPct}/${p.minSocPct}/${p.batteryLife ? "on" : "off"}/${p.allowDischarge ? "discharge" : "hold"}`;
const minutesText = (min: number): string => `${min < 600 ? "0" : ""}${Math.floor(min / 60)}:${min % 60 < 10 ? "0" : ""}${min % 60}`;

export const DEFAULT_ESS_POLICY_TEXT = `blue=${rowText(DEFAULT_ESS_POLICY.blue)} white=${rowText(DEFAULT_ESS_POLICY.white)} red=${rowText(DEFAULT_ESS_POLICY.red)} unknown=${rowText(DEFAULT_ESS_POLICY.unknown)}`;
const DEFAULT_START = DEFAULT_ESS_POLICY.blue.chargeStartMin;
export const DEFAULT_ESS_WINDOW_TEXT = `${minutesText(DEFAULT_START)}-${minutesText((DEFAULT_START + DEFAULT_ESS_POLICY.blue.chargeDurationMin) % (24 * 60))}`;

export type EssTableResult = { ok: true; table: EssPolicyTable } | { ok: false; problems: string[] };

/** The stored texts as a table; anything malformed or outside HC comes back as problems (then nothing is written). */
export function essTableOf(policyText: string, windowText: string): EssTableResult {
  if (!new RegExp(ESS_POLICY_PATTERN).test(policyText)) return { ok: false, problems: [`essPolicy: "${policyText}" is not blue=T/M/on|off/discharge|hold white=… red=… unknown=…`] };
  if (!new RegExp(ESS_WINDOW_PATTERN).test(windowText)) return { ok: false, problems: [`essChargeWindow: "${windowText}" is not HH:MM-HH:MM`] };
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const startMin = minutes(windowText.slice(0, 5));
  const endMin = minutes(windowText.slice(6, 11));
  const durationMin = endMin > startMin ? endMin - startMin : endMin + 24 * 60 - startMin;
  const table = {} as Record<EssPolicyColour, EssColourPolicy>;
  for (const part of policyText.split(" ")) {
    const colour = part.slice(0, part.indexOf("=")) as EssPolicyColour;
    const f = part.slice(part.indexOf("=") + 1).split("/");
    table[colour] = {
      targetSocPct: Number(f[0]),
      minSocPct: Number(f[1]),
      batteryLife: f[2] === "on",
      chargeStartMin: startMin,
      chargeDurationMin: durationMin,
      allowDischarge: f[3] === "discharge",
    };
  }
  const problems = essPolicyProblems(table);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, table };
}
