// Tempo calendar arithmetic: the 06:00→06:00 colour day, HP 06–22 / HC 22–06, and the RTE calendar rules.
// Pure functions of UTC ms; never reads the clock and never decides shedding.

import type { TempoColour } from "../tic/types";
import { DAY_MS, civilFromDays, daysFromCivil, localHourAt, localParts, localToUtc } from "./local-time";

export type Period = "hp" | "hc";

/** Local hours bounding the peak period (DOMAIN §2). */
export const TEMPO_HOURS = Object.freeze({ dayStartHour: 6, peakStartHour: 6, peakEndHour: 22 });

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Local calendar date of the Tempo day containing `utcMs` (before 06:00 it is still yesterday's colour). */
export function tempoDate(utcMs: number): LocalDate {
  const p = localParts(utcMs);
  if (p.hour >= TEMPO_HOURS.dayStartHour) return { year: p.year, month: p.month, day: p.day };
  return civilFromDays(daysFromCivil(p.year, p.month, p.day) - 1);
}

// Asked on every event about the same day: remember the last Tempo day's bounds.
let cachedDayStartMs = 0;
let cachedDayEndMs = -1;

/** UTC ms at which the Tempo day containing `utcMs` began (06:00 local). */
export function tempoDayStartMs(utcMs: number): number {
  if (utcMs >= cachedDayStartMs && utcMs < cachedDayEndMs) return cachedDayStartMs;
  const d = tempoDate(utcMs);
  const startMs = localToUtc(d.year, d.month, d.day, TEMPO_HOURS.dayStartHour);
  const next = civilFromDays(daysFromCivil(d.year, d.month, d.day) + 1);
  cachedDayStartMs = startMs;
  cachedDayEndMs = localToUtc(next.year, next.month, next.day, TEMPO_HOURS.dayStartHour);
  return startMs;
}

/** UTC ms of the next Tempo day's 06:00 after the day containing `utcMs`. */
export function nextTempoDayStartMs(utcMs: number): number {
  const d = tempoDate(utcMs);
  const next = civilFromDays(daysFromCivil(d.year, d.month, d.day) + 1);
  return localToUtc(next.year, next.month, next.day, TEMPO_HOURS.dayStartHour);
}

/** Asked on every event: plain arithmetic, nothing allocated. */
export function periodAt(utcMs: number): Period {
  const hour = localHourAt(utcMs);
  return hour >= TEMPO_HOURS.peakStartHour && hour < TEMPO_HOURS.peakEndHour ? "hp" : "hc";
}

/** End of the peak period of the Tempo day containing `utcMs`; if that peak is over, the next day's. */
export function peakEndAfterMs(utcMs: number): number {
  const d = tempoDate(utcMs);
  const end = localToUtc(d.year, d.month, d.day, TEMPO_HOURS.peakEndHour);
  if (end > utcMs) return end;
  const next = civilFromDays(daysFromCivil(d.year, d.month, d.day) + 1);
  return localToUtc(next.year, next.month, next.day, TEMPO_HOURS.peakEndHour);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return (((daysFromCivil(date.year, date.month, date.day) + 4) % 7) + 7) % 7;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return civilFromDays(daysFromCivil(date.year, date.month, date.day) + days);
}

/**
 * Why a colour is implausible for a date under RTE's rules, or [] when it is plausible:
 * red only 1 Nov → 31 Mar and never on Saturday or Sunday; Sunday always blue (so never white).
 */
export function calendarDoubts(colour: TempoColour, date: LocalDate): string[] {
  const weekday = weekdayOf(date);
  const doubts: string[] = [];
  if (colour === "red") {
    if (date.month > 3 && date.month < 11) doubts.push("red outside 1 Nov–31 Mar");
    if (weekday === 0 || weekday === 6) doubts.push("red on a weekend");
  }
  if (colour === "white" && weekday === 0) doubts.push("white on a Sunday");
  return doubts;
}

/** Red and white days already settled in a Tempo season (before the day being weighed). */
export interface SeasonCounts {
  red: number;
  white: number;
}

/** RTE's cap per Tempo season (1 Sep → 31 Aug, DOMAIN §2): at most 22 red and 43 white days, the rest blue. */
export const TEMPO_SEASON_MAX = Object.freeze({ red: 22, white: 43 });

/** The year of the 1 September that opened the Tempo season holding `date` (Jan–Aug belong to the year before's). */
export function tempoSeasonOf(date: LocalDate): number {
  return date.month >= 9 ? date.year : date.year - 1;
}

/**
 * Why a colour is implausible given the season's count so far, or [] when it is plausible: one more red (white)
 * day than TEMPO_SEASON_MAX allows. Blue is never capped.
 */
export function seasonCountDoubts(colour: TempoColour, counts: SeasonCounts): string[] {
  if (colour === "red" && counts.red + 1 > TEMPO_SEASON_MAX.red) return [`would be red day ${counts.red + 1} of the season (${TEMPO_SEASON_MAX.red} at most)`];
  if (colour === "white" && counts.white + 1 > TEMPO_SEASON_MAX.white) return [`would be white day ${counts.white + 1} of the season (${TEMPO_SEASON_MAX.white} at most)`];
  return [];
}

/**
 * Meter horodate `SAAMMJJhhmmss` (S: H winter, E summer; lower case = degraded clock) as UTC ms;
 * NaN when it is not a horodate. Read code by code: it comes with every standard frame, and a regular expression
 * would build a match and seven strings each time.
 */
export function horodateToUtcMs(horodate: string): number {
  const season = codeAt(horodate, 0) | 0x20; // lower case
  if (season !== CHAR_E_LOWER && season !== CHAR_H_LOWER) return NaN;
  if (!Number.isNaN(codeAt(horodate, HORODATE_LENGTH))) return NaN; // longer than a horodate
  const offsetHours = season === CHAR_E_LOWER ? 2 : 1;
  const yy = twoDigits(horodate, 1);
  const mm = twoDigits(horodate, 3);
  const dd = twoDigits(horodate, 5);
  const hh = twoDigits(horodate, 7);
  const mi = twoDigits(horodate, 9);
  const ss = twoDigits(horodate, 11);
  // A non-digit, or the text ending early, makes its pair negative: NaN, like the pattern this replaces.
  if (yy < 0 || mm < 0 || dd < 0 || hh < 0 || mi < 0 || ss < 0) return NaN;
  const days = daysFromCivil(2000 + yy, mm, dd);
  return days * DAY_MS + (hh - offsetHours) * 3_600_000 + mi * 60_000 + ss * 1000;
}

/** `S` + six pairs of digits (DOMAIN §1, standard-mode horodate). */
const HORODATE_LENGTH = 13;
const CHAR_E_LOWER = 0x65;
const CHAR_H_LOWER = 0x68;
const CHAR_0 = 0x30;
const charCodeAt = String.prototype.charCodeAt;

/**
 * `text.charCodeAt(at)` (NaN past the end) without wrapping `text`: on XS, reading any property of a string primitive
 * (`.length`, a method) builds a String object first, two heap slots each time.
 */
function codeAt(text: string, at: number): number {
  return charCodeAt.call(text, at);
}

/** The two decimal digits at `at`, or -1 when either is not a digit. */
function twoDigits(text: string, at: number): number {
  const hi = codeAt(text, at) - CHAR_0;
  const lo = codeAt(text, at + 1) - CHAR_0;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}
