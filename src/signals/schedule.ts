// When to ask each source next, fitted to RTE's publication times (French local time) and to each source's limits.
// Pure arithmetic on the time it is given; never reads the clock and never asks more often than a source allows.

import { localParts, localToUtc } from "../tariff/local-time";
import { addDays, tempoDate, type LocalDate } from "../tariff/tempo-calendar";

/** Never ask one source twice within this: Ecowatt's documented limit, and polite to the free Tempo services. */
export const MIN_INTERVAL_MS = 15 * 60_000;
/** While a day's colour is not yet known after its publication time, ask again this often. */
export const UNKNOWN_RETRY_MS = 30 * 60_000;
/** First wait after a failure; doubles per failure in a row up to FAILURE_MAX_MS (a source down all day: 1 call/h). */
export const FAILURE_FIRST_MS = 15 * 60_000;
export const FAILURE_MAX_MS = 60 * 60_000;
/** Tomorrow's colour is firm at 10:30 (a preview from 08:00): ask from 10:40, once it has surely been published. */
export const TOMORROW_FROM = Object.freeze({ hour: 10, minute: 40 });
/** Today's colour is asked once the Tempo day has begun (06:00), a few minutes after. */
export const TODAY_FROM = Object.freeze({ hour: 6, minute: 5 });
/** The evening re-confirmation (a colour corrected during the day, a cache that was stale at 10:40). */
export const EVENING_CONFIRM = Object.freeze({ hour: 19, minute: 0 });
/** Ecowatt publishes at ≈17:00 (Friday ≈12:15); these local times take each update and the morning's. */
export const ECOWATT_TIMES: readonly { hour: number; minute: number }[] = Object.freeze([
  Object.freeze({ hour: 6, minute: 10 }),
  Object.freeze({ hour: 12, minute: 30 }),
  Object.freeze({ hour: 17, minute: 15 }),
]);

export interface TryOutcome {
  ok: boolean;
  /** Failures in a row, this one included (0 after a success). */
  failures: number;
  /** The server's Retry-After, when it gave one. */
  retryAfterMs?: number;
}

function at(date: LocalDate, time: { hour: number; minute: number }): number {
  return localToUtc(date.year, date.month, date.day, time.hour, time.minute);
}

function civilDate(nowMs: number): LocalDate {
  const p = localParts(nowMs);
  return { year: p.year, month: p.month, day: p.day };
}

/** The wait after a failure: doubling from FAILURE_FIRST_MS, capped, never shorter than the server asked. */
export function failureWaitMs(failures: number, retryAfterMs?: number): number {
  let wait = FAILURE_FIRST_MS;
  for (let i = 1; i < failures && wait < FAILURE_MAX_MS; i++) wait *= 2;
  if (wait > FAILURE_MAX_MS) wait = FAILURE_MAX_MS;
  return retryAfterMs !== undefined && retryAfterMs > wait ? retryAfterMs : wait;
}

/**
 * Next try of a Tempo source after a try at `nowMs`. `todayKnown`/`tomorrowKnown`: whether the source gave the
 * colour of the Tempo day under way and of the next one.
 */
export function nextTempoTryMs(nowMs: number, outcome: TryOutcome, todayKnown: boolean, tomorrowKnown: boolean): number {
  const floor = nowMs + MIN_INTERVAL_MS;
  if (!outcome.ok) return Math.max(floor, nowMs + failureWaitMs(outcome.failures, outcome.retryAfterMs));
  const civil = civilDate(nowMs);
  const tempoToday = tempoDate(nowMs);
  // Before 06:00 the Tempo day under way began yesterday: its "tomorrow" is today's civil date.
  const beforeDayStart = tempoToday.day !== civil.day || tempoToday.month !== civil.month;
  const candidates: number[] = [];
  if (beforeDayStart) {
    candidates.push(at(civil, TODAY_FROM));
  } else {
    if (!todayKnown) candidates.push(nowMs + UNKNOWN_RETRY_MS);
    const tomorrowFrom = at(civil, TOMORROW_FROM);
    const evening = at(civil, EVENING_CONFIRM);
    if (!tomorrowKnown) candidates.push(nowMs < tomorrowFrom ? tomorrowFrom : nowMs + UNKNOWN_RETRY_MS);
    else if (nowMs < evening) candidates.push(evening);
    candidates.push(at(addDays(civil, 1), TODAY_FROM));
  }
  let next = candidates[0];
  for (const c of candidates) if (c < next) next = c;
  return Math.max(floor, next);
}

/** Next try of Ecowatt after a try at `nowMs`: the next publication time, or the failure back-off. */
export function nextEcowattTryMs(nowMs: number, outcome: TryOutcome): number {
  const floor = nowMs + MIN_INTERVAL_MS;
  if (!outcome.ok) return Math.max(floor, nowMs + failureWaitMs(outcome.failures, outcome.retryAfterMs));
  const civil = civilDate(nowMs);
  for (const time of ECOWATT_TIMES) {
    const t = at(civil, time);
    if (t > nowMs) return Math.max(floor, t);
  }
  return Math.max(floor, at(addDays(civil, 1), ECOWATT_TIMES[0]));
}
