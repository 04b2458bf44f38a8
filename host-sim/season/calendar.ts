// A Tempo season's colours (1 September → 31 August), read from a shipped calendar file or drawn under RTE's rules
// with a seed; and the rules themselves as a check. Host-only; never fetches anything (the simulator runs offline).

import { civilFromDays, daysFromCivil } from "../../src/tariff/local-time";
import type { TempoColour } from "../../src/tic/types";

/** DOMAIN §2: a season has 22 red days and 43 white ones; the rest are blue. */
export const SEASON_RED_DAYS = 22;
export const SEASON_WHITE_DAYS = 43;
/** At most this many red days in a row (DOMAIN §2). */
export const MAX_RED_RUN = 5;

export interface SeasonCalendar {
  /** "2025-2026". */
  season: string;
  /** Where the colours come from, said plainly (a drawn calendar is not RTE's). */
  source: string;
  /** Days since 1970-01-01 of 1 September. */
  firstDay: number;
  colours: TempoColour[];
}

const LETTER: Readonly<Record<string, TempoColour>> = Object.freeze({ B: "blue", W: "white", R: "red" });

/** "2025-2026" → 2025, or NaN. */
export function seasonStartYear(season: string): number {
  const m = /^(\d{4})-(\d{4})$/.exec(season);
  return m && Number(m[2]) === Number(m[1]) + 1 ? Number(m[1]) : NaN;
}

export function seasonDays(startYear: number): { firstDay: number; length: number } {
  const firstDay = daysFromCivil(startYear, 9, 1);
  return { firstDay, length: daysFromCivil(startYear + 1, 9, 1) - firstDay };
}

const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** Small, seeded, reproducible (mulberry32): the same seed draws the same calendar on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How cold a date is, for drawing: 1 in mid-January, 0 in mid-July (red and white days follow the cold). */
function winterWeight(day: number): number {
  const d = civilFromDays(day);
  const dayOfYear = day - daysFromCivil(d.year, 1, 1);
  return (1 + Math.cos(((dayOfYear - 15) / 365) * 2 * Math.PI)) / 2;
}

/**
 * A calendar drawn under RTE's rules: 22 red weekdays between 1 November and 31 March, never more than 5 in a row;
 * 43 white days on any day but Sunday; the rest blue. Days are picked with a weight that follows the cold of the year.
 */
export function drawCalendar(startYear: number, seed: number): SeasonCalendar {
  const random = seededRandom(seed);
  const { firstDay, length } = seasonDays(startYear);
  const colours: TempoColour[] = [];
  for (let i = 0; i < length; i++) colours.push("blue");
  const pick = (count: number, allowed: (i: number) => boolean, colour: TempoColour, power: number): void => {
    let placed = 0;
    for (let guard = 0; placed < count && guard < 1_000_000; guard++) {
      const i = Math.floor(random() * length);
      if (colours[i] !== "blue" || !allowed(i)) continue;
      if (random() > Math.pow(winterWeight(firstDay + i), power)) continue;
      colours[i] = colour;
      placed++;
    }
  };
  const redStart = daysFromCivil(startYear, 11, 1) - firstDay;
  const redEnd = daysFromCivil(startYear + 1, 3, 31) - firstDay;
  const redRunIfRed = (i: number): number => {
    let run = 1;
    for (let j = i - 1; j >= 0 && colours[j] === "red"; j--) run++;
    for (let j = i + 1; j < length && colours[j] === "red"; j++) run++;
    return run;
  };
  pick(SEASON_RED_DAYS, (i) => i >= redStart && i <= redEnd && weekdayOf(firstDay + i) !== 0 && weekdayOf(firstDay + i) !== 6 && redRunIfRed(i) <= MAX_RED_RUN, "red", 3);
  pick(SEASON_WHITE_DAYS, (i) => weekdayOf(firstDay + i) !== 0, "white", 1.5);
  return { season: `${startYear}-${startYear + 1}`, source: `drawn under RTE's Tempo rules by host-sim/season/calendar.ts with seed ${seed}: not RTE's real calendar`, firstDay, colours };
}

/** What breaks RTE's rules in a calendar ([] when none). */
export function calendarProblems(calendar: SeasonCalendar): string[] {
  const out: string[] = [];
  const start = civilFromDays(calendar.firstDay);
  const { length } = seasonDays(start.year);
  if (start.month !== 9 || start.day !== 1) out.push("does not start on 1 September");
  if (calendar.colours.length !== length) out.push(`has ${calendar.colours.length} days, not ${length}`);
  let red = 0;
  let white = 0;
  let run = 0;
  calendar.colours.forEach((colour, i) => {
    const day = calendar.firstDay + i;
    const d = civilFromDays(day);
    const weekday = weekdayOf(day);
    run = colour === "red" ? run + 1 : 0;
    if (run > MAX_RED_RUN) out.push(`more than ${MAX_RED_RUN} red days in a row at ${d.year}-${d.month}-${d.day}`);
    if (colour === "red") {
      red++;
      if (weekday === 0 || weekday === 6) out.push(`red on a weekend: ${d.year}-${d.month}-${d.day}`);
      if (d.month > 3 && d.month < 11) out.push(`red outside 1 Nov–31 Mar: ${d.year}-${d.month}-${d.day}`);
    }
    if (colour === "white") {
      white++;
      if (weekday === 0) out.push(`white on a Sunday: ${d.year}-${d.month}-${d.day}`);
    }
  });
  if (red !== SEASON_RED_DAYS) out.push(`${red} red days, not ${SEASON_RED_DAYS}`);
  if (white !== SEASON_WHITE_DAYS) out.push(`${white} white days, not ${SEASON_WHITE_DAYS}`);
  return out;
}

/** A calendar file: `{ season, source, colours: "BBWR…" }` (one letter a day from 1 September). */
export function parseCalendarFile(text: string): SeasonCalendar | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const v = json as Record<string, unknown>;
  if (typeof v.season !== "string" || Number.isNaN(seasonStartYear(v.season))) return "season must be like 2025-2026";
  if (typeof v.source !== "string" || v.source === "") return "source must say where the colours come from";
  if (typeof v.colours !== "string" || !/^[BWR]+$/.test(v.colours)) return "colours must be a string of B, W and R";
  const startYear = seasonStartYear(v.season);
  return { season: v.season, source: v.source, firstDay: seasonDays(startYear).firstDay, colours: v.colours.split("").map((c) => LETTER[c]) };
}

export function calendarFileText(calendar: SeasonCalendar): string {
  const letters = calendar.colours.map((c) => (c === "blue" ? "B" : c === "white" ? "W" : "R")).join("");
  return JSON.stringify({ season: calendar.season, source: calendar.source, colours: letters }, null, 2) + "\n";
}
