// Failed password checks: how long the next check must wait, and the counter as stored so it survives a restart.
// Never reads the clock (times come in) and never writes per refused request: only a check that ran is counted.
import { utf8Decode, utf8Encode } from "../../lib/bytes";

export const ATTEMPT_LIMITS = Object.freeze({
  /** Typos and a phone's autofill get a few tries for free. */
  freeAttempts: 5,
  /** Then 1 s, doubling with each failure: 1, 2, 4 … s. */
  firstDelayMs: 1000,
  /**
   * The cap: an attacker gets at most 144 guesses a day (one per 10 min), and the owner waits at most 10 min after
   * an attack stops. Sessions and bearer tokens already open keep working meanwhile (the wait only gates checks).
   */
  maxDelayMs: 600_000,
  /** Stored counts stop here (the delay is capped long before). */
  maxCounted: 10_000,
});

/** What the store keeps: failures since the last success and when the last one happened. */
export interface AttemptRecord {
  failures: number;
  lastFailureMs: number;
}

export const NO_FAILURES: AttemptRecord = Object.freeze({ failures: 0, lastFailureMs: 0 });

/** The wait after `failures` failed checks (0 while they are free). */
export function delayAfter(failures: number): number {
  if (failures < ATTEMPT_LIMITS.freeAttempts) return 0;
  const doublings = failures - ATTEMPT_LIMITS.freeAttempts;
  // 2^20 s is far past the cap: stop doubling there so the number never overflows.
  return Math.min(ATTEMPT_LIMITS.maxDelayMs, ATTEMPT_LIMITS.firstDelayMs * Math.pow(2, Math.min(doublings, 20)));
}

/**
 * Milliseconds until the next check may run (0: now). A last failure stamped in the future (a clock that went back,
 * e.g. not yet set after a restart) counts from now, so the wait is never longer than the delay itself.
 */
export function waitMs(record: AttemptRecord, nowMs: number): number {
  const delay = delayAfter(record.failures);
  if (delay === 0) return 0;
  const from = Math.min(record.lastFailureMs, nowMs);
  return Math.max(0, from + delay - nowMs);
}

export function afterFailure(record: AttemptRecord, nowMs: number): AttemptRecord {
  return { failures: Math.min(ATTEMPT_LIMITS.maxCounted, record.failures + 1), lastFailureMs: nowMs };
}

export function encodeAttempts(record: AttemptRecord): Uint8Array {
  return utf8Encode(JSON.stringify(record));
}

/** A damaged record reads as the cap reached just now: a flash fault must not reopen free guessing. */
export function decodeAttempts(bytes: Uint8Array | undefined, nowMs: number): AttemptRecord {
  if (bytes === undefined) return NO_FAILURES;
  try {
    const value = JSON.parse(utf8Decode(bytes)) as Partial<AttemptRecord>;
    const { failures, lastFailureMs } = value;
    if (typeof failures === "number" && typeof lastFailureMs === "number" && failures >= 0 && Math.floor(failures) === failures && Number.isFinite(lastFailureMs)) {
      return { failures: Math.min(failures, ATTEMPT_LIMITS.maxCounted), lastFailureMs };
    }
  } catch {
    // fall through
  }
  return { failures: ATTEMPT_LIMITS.freeAttempts + 20, lastFailureMs: nowMs };
}
