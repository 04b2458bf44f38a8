// Parsers of the Internet tariff signals' JSON (RTE OAuth2 token, Tempo calendar, Ecowatt v5, tempoLight, jourTempo).
// Never throw and never guess: a shape they do not know is an error with why; a day they were not asked about is dropped.

import type { TempoColour } from "../tic/types";
import { localParts, parseIsoWithOffset } from "../tariff/local-time";
import type { LocalDate } from "../tariff/tempo-calendar";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** One Tempo day's colour from a source; `date` is the civil date the 06:00 Tempo day starts on. */
export interface DayColour {
  date: LocalDate;
  colour: TempoColour;
}

/** Ecowatt for one civil day: the day's level 1–3 and 24 hourly levels 0–3 (0: no signal given for that hour). */
export interface EcowattDay {
  date: LocalDate;
  dayLevel: number;
  hourLevels: number[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const RTE_COLOURS: Readonly<Record<string, TempoColour>> = Object.freeze({ BLUE: "blue", WHITE: "white", RED: "red" });
/** jourTempo `codeJour`: 0 not yet known, 1 blue, 2 white, 3 red. */
const COMMUNITY_COLOURS: readonly (TempoColour | null)[] = Object.freeze([null, "blue", "white", "red"]);

/** An OAuth2 token lifetime past this is not believed (RTE gives 7200 s): a wrong field must not freeze a token. */
const MAX_TOKEN_LIFETIME_S = 86_400;

export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: "malformed JSON" };
  }
}

export function dateKey(date: LocalDate): string {
  return `${date.year}-${date.month < 10 ? "0" : ""}${date.month}-${date.day < 10 ? "0" : ""}${date.day}`;
}

/** `YYYY-MM-DD` → a date, or undefined (month and day checked against the calendar). */
export function parseDateKey(text: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const back = localParts(parseIsoWithOffset(`${m[0]}T12:00:00Z`));
  return back.month === month && back.day === day ? { year, month, day } : undefined;
}

/** The civil date (French time) of an ISO time with offset, e.g. RTE's `2026-12-01T00:00:00+01:00`. */
function civilDateOf(iso: unknown): LocalDate | undefined {
  if (typeof iso !== "string") return undefined;
  const ms = parseIsoWithOffset(iso);
  if (ms !== ms) return undefined;
  const p = localParts(ms);
  return { year: p.year, month: p.month, day: p.day };
}

/** RTE's `POST /token/oauth/` answer: `{access_token, token_type: "Bearer", expires_in}`. */
export function parseRteToken(json: unknown): Parsed<{ token: string; lifetimeS: number }> {
  if (!isObj(json) || typeof json.access_token !== "string" || json.access_token.length === 0) {
    return { ok: false, error: "token answer without access_token" };
  }
  const lifetime = json.expires_in;
  if (typeof lifetime !== "number" || !(lifetime > 0) || lifetime > MAX_TOKEN_LIFETIME_S) {
    return { ok: false, error: "token answer without a believable expires_in" };
  }
  return { ok: true, value: { token: json.access_token, lifetimeS: lifetime } };
}

/**
 * RTE `tempo_like_calendars.values[]`: each entry runs civil midnight to midnight; the Tempo day billed from 06:00 on
 * that date carries its colour, so the entry's civil start date names the Tempo day.
 */
/** A bad field's value for an error message: never String() on an object, whose toString may be anything (or throw). */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return `${value}`;
  return `(${Array.isArray(value) ? "array" : typeof value})`;
}

export function parseRteCalendar(json: unknown): Parsed<DayColour[]> {
  if (!isObj(json) || !isObj(json.tempo_like_calendars) || !Array.isArray(json.tempo_like_calendars.values)) {
    return { ok: false, error: "no tempo_like_calendars.values" };
  }
  const days: DayColour[] = [];
  for (const entry of json.tempo_like_calendars.values) {
    if (!isObj(entry)) continue;
    const date = civilDateOf(entry.start_date);
    const colour = typeof entry.value === "string" ? RTE_COLOURS[entry.value] : undefined;
    if (date === undefined) return { ok: false, error: `bad start_date ${shown(entry.start_date)}` };
    if (colour !== undefined) days.push({ date, colour });
  }
  return { ok: true, value: days };
}

/** RTE open data `tempoLight`: `{values: {"YYYY-MM-DD": "BLUE", "YYYY-MM-DD-fallback": "false"}}`. */
export function parseTempoLight(json: unknown): Parsed<DayColour[]> {
  if (!isObj(json) || !isObj(json.values)) return { ok: false, error: "no values" };
  const days: DayColour[] = [];
  for (const key in json.values) {
    const date = parseDateKey(key);
    if (date === undefined) continue; // the "-fallback" flags and anything else
    const value = json.values[key];
    const colour = typeof value === "string" ? RTE_COLOURS[value] : undefined;
    // A fallback colour is RTE's guess while the real one is not published: not firm, so not taken.
    if (colour !== undefined && json.values[`${key}-fallback`] !== "true") days.push({ date, colour });
  }
  return { ok: true, value: days };
}

/** Community `jourTempo/today|tomorrow`: `{dateJour, codeJour 0–3, periode}`; 0 is "not yet known" (no day). */
export function parseJourTempo(json: unknown): Parsed<DayColour[]> {
  if (!isObj(json)) return { ok: false, error: "not an object" };
  const code = json.codeJour;
  const date = typeof json.dateJour === "string" ? parseDateKey(json.dateJour) : undefined;
  if (date === undefined) return { ok: false, error: "no dateJour" };
  if (typeof code !== "number" || Math.floor(code) !== code || code < 0 || code > 3) return { ok: false, error: "bad codeJour" };
  const colour = COMMUNITY_COLOURS[code];
  return { ok: true, value: colour === null ? [] : [{ date, colour }] };
}

/** Ecowatt v5 `signals[]`: `{jour, dvalue 1–3, values: [{pas 0–23, hvalue 0–3}]}`. */
export function parseEcowatt(json: unknown): Parsed<EcowattDay[]> {
  if (!isObj(json) || !Array.isArray(json.signals)) return { ok: false, error: "no signals" };
  const days: EcowattDay[] = [];
  for (const signal of json.signals) {
    if (!isObj(signal)) continue;
    const date = civilDateOf(signal.jour);
    const level = signal.dvalue;
    if (date === undefined) return { ok: false, error: `bad jour ${shown(signal.jour)}` };
    if (typeof level !== "number" || level < 1 || level > 3 || Math.floor(level) !== level) return { ok: false, error: "bad dvalue" };
    const hourLevels: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    if (Array.isArray(signal.values)) {
      for (const step of signal.values) {
        if (!isObj(step)) continue;
        const { pas, hvalue } = step;
        if (typeof pas !== "number" || pas < 0 || pas > 23 || Math.floor(pas) !== pas) continue;
        if (typeof hvalue !== "number" || hvalue < 0 || hvalue > 3 || Math.floor(hvalue) !== hvalue) continue;
        hourLevels[pas] = hvalue;
      }
    }
    days.push({ date, dayLevel: level, hourLevels });
  }
  return { ok: true, value: days };
}
