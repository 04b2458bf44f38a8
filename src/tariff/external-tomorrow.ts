// Tomorrow's Tempo colour from outside the meter: the source interface and the parsers of the public APIs' JSON.
// Parsers never throw on bad input (they say "unknown"); no HTTP here: clients implement the interface in the shells.

import type { ColourOrUnknown } from "./tariff-tracker";
import { daysFromCivil, localParts, parseIsoWithOffset } from "./local-time";
import type { LocalDate } from "./tempo-calendar";

/** A provider of tomorrow's colour (RTE Tempo Like Supply Contract, a community API, a test double). */
export interface TomorrowColourSource {
  readonly name: string;
  /** The colour of the Tempo day that starts at 06:00 on `date` (French local date). */
  tomorrow(date: LocalDate): Promise<ColourOrUnknown>;
}

/** Community API `jourTempo/tomorrow` (`codeJour` 0 unknown, 1 blue, 2 white, 3 red), checked against `dateJour`. */
export const COMMUNITY_CODES: readonly ColourOrUnknown[] = Object.freeze(["unknown", "blue", "white", "red"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function sameDate(a: LocalDate, b: LocalDate): boolean {
  return daysFromCivil(a.year, a.month, a.day) === daysFromCivil(b.year, b.month, b.day);
}

export function colourFromCommunityJson(json: unknown, date: LocalDate): ColourOrUnknown {
  if (!isObj(json)) return "unknown";
  const code = json.codeJour;
  if (typeof code !== "number" || code < 0 || code > 3 || Math.floor(code) !== code) return "unknown";
  const m = typeof json.dateJour === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(json.dateJour) : null;
  // An answer about another day (a stale cache) is worse than no answer.
  if (!m || !sameDate({ year: +m[1], month: +m[2], day: +m[3] }, date)) return "unknown";
  return COMMUNITY_CODES[code];
}

const RTE_VALUES: Readonly<Record<string, ColourOrUnknown>> = Object.freeze({ BLUE: "blue", WHITE: "white", RED: "red" });

/** RTE `tempo_like_calendars.values[]`: entries run civil midnight to midnight; pick the one for `date`. */
export function colourFromRteJson(json: unknown, date: LocalDate): ColourOrUnknown {
  if (!isObj(json) || !isObj(json.tempo_like_calendars)) return "unknown";
  const values = json.tempo_like_calendars.values;
  if (!Array.isArray(values)) return "unknown";
  for (const entry of values) {
    if (!isObj(entry) || typeof entry.start_date !== "string" || typeof entry.value !== "string") continue;
    const startMs = parseIsoWithOffset(entry.start_date);
    if (startMs !== startMs) continue;
    const p = localParts(startMs);
    if (sameDate({ year: p.year, month: p.month, day: p.day }, date)) return RTE_VALUES[entry.value] ?? "unknown";
  }
  return "unknown";
}
