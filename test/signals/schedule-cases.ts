// When each source is asked next, as a table (local times, Paris): shared by jest and the XS lane.
// Node-free: imports only src/.

import { localToUtc } from "../../src/tariff/local-time";
import { nextEcowattTryMs, nextTempoTryMs, type TryOutcome } from "../../src/signals/schedule";

export interface ScheduleCase {
  name: string;
  /** Local time of the try, "YYYY-MM-DD HH:MM". */
  at: string;
  kind: "tempo" | "ecowatt";
  outcome: TryOutcome;
  todayKnown?: boolean;
  tomorrowKnown?: boolean;
  /** Local time of the next try. */
  next: string;
}

export function local(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  return localToUtc(+m[1], +m[2], +m[3], +m[4], +m[5]);
}

const OK: TryOutcome = { ok: true, failures: 0 };
const fail = (failures: number, retryAfterMs?: number): TryOutcome => ({ ok: false, failures, retryAfterMs });

// prettier-ignore
export const SCHEDULE_CASES: ScheduleCase[] = [
  { name: "boot at 05:00: today is asked once the Tempo day begins",          at: "2026-12-01 05:00", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: true, next: "2026-12-01 06:05" },
  { name: "06:05, today known: tomorrow from 10:40",                          at: "2026-12-01 06:05", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: false, next: "2026-12-01 10:40" },
  { name: "06:05, today unknown: again in 30 min",                             at: "2026-12-01 06:05", kind: "tempo", outcome: OK, todayKnown: false, tomorrowKnown: false, next: "2026-12-01 06:35" },
  { name: "10:40, tomorrow not yet out: again in 30 min until known",          at: "2026-12-01 10:40", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: false, next: "2026-12-01 11:10" },
  { name: "10:40, tomorrow known: the evening re-confirmation",                at: "2026-12-01 10:40", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: true, next: "2026-12-01 19:00" },
  { name: "19:00, all known: next morning",                                    at: "2026-12-01 19:00", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: true, next: "2026-12-02 06:05" },
  { name: "a failure: 15 min",                                                 at: "2026-12-01 10:40", kind: "tempo", outcome: fail(1), next: "2026-12-01 10:55" },
  { name: "failures double: 30 min",                                           at: "2026-12-01 10:40", kind: "tempo", outcome: fail(2), next: "2026-12-01 11:10" },
  { name: "failures cap at an hour (RTE down all day)",                        at: "2026-12-01 10:40", kind: "tempo", outcome: fail(9), next: "2026-12-01 11:40" },
  { name: "Retry-After longer than the back-off wins",                         at: "2026-12-01 10:40", kind: "tempo", outcome: fail(1, 2 * 3_600_000), next: "2026-12-01 12:40" },
  { name: "Retry-After shorter than 15 min is not obeyed below the floor",     at: "2026-12-01 10:40", kind: "ecowatt", outcome: fail(1, 60_000), next: "2026-12-01 10:55" },
  { name: "Ecowatt after the morning: the midday update",                      at: "2026-12-01 06:10", kind: "ecowatt", outcome: OK, next: "2026-12-01 12:30" },
  { name: "Ecowatt after midday: the 17:15 update",                            at: "2026-12-01 12:30", kind: "ecowatt", outcome: OK, next: "2026-12-01 17:15" },
  { name: "Ecowatt after 17:15: next morning",                                 at: "2026-12-01 17:15", kind: "ecowatt", outcome: OK, next: "2026-12-02 06:10" },
  { name: "never twice within 15 min, even at a publication time",             at: "2026-12-01 17:05", kind: "ecowatt", outcome: OK, next: "2026-12-01 17:20" },
  { name: "summer time: 10:40 is local (CEST)",                                at: "2026-07-01 06:05", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: false, next: "2026-07-01 10:40" },
  { name: "the night the clocks go back: next morning 06:05 local",            at: "2026-10-24 19:00", kind: "tempo", outcome: OK, todayKnown: true, tomorrowKnown: true, next: "2026-10-25 06:05" },
];

export function runScheduleCase(c: ScheduleCase): string[] {
  const now = local(c.at);
  const got = c.kind === "tempo" ? nextTempoTryMs(now, c.outcome, c.todayKnown ?? true, c.tomorrowKnown ?? true) : nextEcowattTryMs(now, c.outcome);
  const want = local(c.next);
  return got === want ? [] : [`${c.name}: expected ${c.next}, got ${(got - want) / 60_000} min off`];
}
