// French civil time (CET/CEST) from UTC milliseconds, computed by arithmetic: XS has no Intl API.
// Never reads the clock or a timezone database; the caller passes every instant in.

const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** +1 (CET) or +2 (CEST), hours east of UTC. */
  offsetHours: 1 | 2;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** UTC ms of 01:00 UTC on the last Sunday of `month` (3 or 10): the EU switch instant. */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = daysFromCivil(year, month + 1, 1) - 1;
  const weekday = (((lastDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  return (lastDay - weekday) * DAY_MS + HOUR_MS;
}

// The controller asks many times a second about the same year: keep its switch instants.
let cachedYearStartMs = 0;
let cachedYearEndMs = -1;
let cachedSummerStartMs = 0;
let cachedSummerEndMs = 0;

/** +2 during CEST (last Sunday of March 01:00 UTC → last Sunday of October 01:00 UTC), else +1. */
export function offsetHoursAt(utcMs: number): 1 | 2 {
  if (utcMs < cachedYearStartMs || utcMs >= cachedYearEndMs) {
    const year = civilFromDays(Math.floor(utcMs / DAY_MS)).year;
    cachedYearStartMs = daysFromCivil(year, 1, 1) * DAY_MS;
    cachedYearEndMs = daysFromCivil(year + 1, 1, 1) * DAY_MS;
    cachedSummerStartMs = lastSundayAt1Utc(year, 3);
    cachedSummerEndMs = lastSundayAt1Utc(year, 10);
  }
  return utcMs >= cachedSummerStartMs && utcMs < cachedSummerEndMs ? 2 : 1;
}

/** The French wall-clock hour (0–23) at `utcMs`; what localParts(utcMs).hour says, without building the parts. */
export function localHourAt(utcMs: number): number {
  const localMs = utcMs + offsetHoursAt(utcMs) * HOUR_MS;
  return Math.floor((localMs - Math.floor(localMs / DAY_MS) * DAY_MS) / HOUR_MS);
}

export function localParts(utcMs: number): LocalParts {
  const offsetHours = offsetHoursAt(utcMs);
  const localMs = utcMs + offsetHours * HOUR_MS;
  const days = Math.floor(localMs / DAY_MS);
  const msOfDay = localMs - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / HOUR_MS),
    minute: Math.floor((msOfDay % HOUR_MS) / 60_000),
    second: Math.floor((msOfDay % 60_000) / 1000),
    weekday: (((days + 4) % 7) + 7) % 7,
    offsetHours,
  };
}

/**
 * UTC ms of a French wall-clock time. In the autumn's repeated hour the first (summer) instant is
 * returned; a time inside the spring gap is read with the winter offset (it lands an hour later).
 */
export function localToUtc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wallMs = daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000;
  const asSummer = wallMs - 2 * HOUR_MS;
  if (offsetHoursAt(asSummer) === 2) return asSummer;
  return wallMs - HOUR_MS;
}

function pad(n: number, width = 2): string {
  let text = String(n);
  while (text.length < width) text = "0" + text;
  return text;
}

/** ISO 8601 with the French offset, e.g. 2026-01-15T06:00:00+01:00 (milliseconds kept when non-zero). */
export function formatLocalIso(utcMs: number): string {
  const p = localParts(utcMs);
  const ms = ((utcMs % 1000) + 1000) % 1000;
  const fraction = ms === 0 ? "" : "." + pad(ms, 3);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${fraction}+0${p.offsetHours}:00`;
}

/** Parse ISO 8601 with an explicit offset or Z (scenario files); NaN when malformed. */
export function parseIsoWithOffset(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return NaN;
  let offsetMin = 0;
  if (zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    offsetMin = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const ms = frac ? Number((frac + "00").slice(0, 3)) : 0;
  return (
    daysFromCivil(Number(y), month, day) * DAY_MS +
    Number(h) * HOUR_MS +
    Number(mi) * 60_000 +
    Number(s ?? 0) * 1000 +
    ms -
    offsetMin * 60_000
  );
}
