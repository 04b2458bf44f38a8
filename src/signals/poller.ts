// Runs the Internet sources on injected timers: asks each when its schedule says, keeps what each said with its
// status (last success, last error, next try), and hands the colours on as events. Never blocks or throws into the core.

import type { Clock, Timers, TimerHandle } from "../../hal/types";
import { localToUtc } from "../tariff/local-time";
import { addDays, TEMPO_HOURS, tempoDate, type LocalDate } from "../tariff/tempo-calendar";
import type { TempoColour } from "../tic/types";
import { dateKey, parseDateKey, type EcowattDay } from "./parsers";
import type { EcowattHour, OnlineColourAt } from "./slice";
import { nextEcowattTryMs, nextTempoTryMs } from "./schedule";
import type { EcowattSource, TempoSource } from "./sources";

export interface SourceStatus {
  id: string;
  lastSuccessMs: number | null;
  lastError: string | null;
  lastErrorMs: number | null;
  nextTryMs: number | null;
  failures: number;
}

export interface PollerDeps {
  clock: Clock;
  timers: Timers;
  tempoSources: readonly TempoSource[];
  ecowatt?: EcowattSource;
  /** After every Tempo answer: every source's colours (the shell dispatches them as a tariff-signal event). */
  onColours(colours: OnlineColourAt[]): void;
  /** After every Ecowatt answer: its hours (the shell dispatches them as an ecowatt-signal event). */
  onEcowatt?(hours: EcowattHour[]): void;
  log?(level: "info" | "warn", message: string): void;
}

/** Per source: its status and the colours it gave, by civil date key of the Tempo day. */
interface Entry {
  status: SourceStatus;
  colours: Map<string, TempoColour>;
  timer: TimerHandle | undefined;
  busy: boolean;
}

/** Wait after start before the first requests (the device's Wi-Fi joins within seconds of boot). */
export const FIRST_TRY_DELAY_MS = 20_000;

/** Colours older than this many days are dropped: only today and tomorrow are ever asked. */
const KEPT_DAYS = 3;

export class SignalPoller {
  private readonly entries = new Map<string, Entry>();
  private stopped = true;
  /** The exchange under way (sources wait their turn behind it). */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: PollerDeps) {
    for (const source of deps.tempoSources) this.entries.set(source.id, this.newEntry(source.id));
    if (deps.ecowatt) this.entries.set(deps.ecowatt.id, this.newEntry(deps.ecowatt.id));
  }

  private newEntry(id: string): Entry {
    return { status: { id, lastSuccessMs: null, lastError: null, lastErrorMs: null, nextTryMs: null, failures: 0 }, colours: new Map(), timer: undefined, busy: false };
  }

  /** Asks every source once, shortly after start (each then follows its own schedule). */
  start(): void {
    this.stopped = false;
    // Wi-Fi joins a few seconds after boot: a first try before it would only earn a 15-minute back-off.
    const now = this.deps.clock.nowMs() + FIRST_TRY_DELAY_MS;
    for (const source of this.deps.tempoSources) this.plan(source.id, now, () => this.pollTempo(source));
    const ecowatt = this.deps.ecowatt;
    if (ecowatt) this.plan(ecowatt.id, now, () => this.pollEcowatt(ecowatt));
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) {
      if (entry.timer !== undefined) this.deps.timers.clear(entry.timer);
      entry.timer = undefined;
    }
  }

  statuses(): SourceStatus[] {
    const out: SourceStatus[] = [];
    for (const entry of this.entries.values()) out.push({ ...entry.status });
    return out;
  }

  /** Every source's colours, each with the start of its Tempo day (06:00 local on the civil date it names). */
  colours(): OnlineColourAt[] {
    const out: OnlineColourAt[] = [];
    for (const entry of this.entries.values()) {
      for (const [key, colour] of entry.colours) {
        const date = parseDateKey(key) as LocalDate;
        out.push({ source: entry.status.id, dayStartMs: localToUtc(date.year, date.month, date.day, TEMPO_HOURS.dayStartHour), colour });
      }
    }
    return out;
  }

  private plan(id: string, atMs: number, run: () => Promise<void>): void {
    const entry = this.entries.get(id);
    if (entry === undefined || this.stopped) return;
    if (entry.timer !== undefined) this.deps.timers.clear(entry.timer);
    entry.status.nextTryMs = atMs;
    const delay = Math.max(0, atMs - this.deps.clock.nowMs());
    entry.timer = this.deps.timers.setTimeout(() => {
      entry.timer = undefined;
      if (entry.busy || this.stopped) return;
      entry.busy = true;
      // One exchange at a time, whichever source: an HTTPS request is the heaviest thing the box does (README), two
      // at once would not fit beside HomeKit. A source's failure is its own: caught, counted and shown; the meter
      // and shedding never wait on it.
      this.queue = this.queue.then(run).then(
        () => void (entry.busy = false),
        (error: unknown) => {
          entry.busy = false;
          this.deps.log?.("warn", `signals: ${id} crashed: ${String(error)}`);
        },
      );
    }, delay);
  }

  private async pollTempo(source: TempoSource): Promise<void> {
    const entry = this.entries.get(source.id) as Entry;
    const startedMs = this.deps.clock.nowMs();
    const today = tempoDate(startedMs);
    const answer = await source.fetchDays(today, startedMs);
    const now = this.deps.clock.nowMs();
    const status = entry.status;
    if (answer.ok) {
      status.lastSuccessMs = now;
      status.failures = 0;
      for (const day of answer.value) entry.colours.set(dateKey(day.date), day.colour);
      this.dropOld(entry, today);
    } else {
      status.failures++;
      status.lastError = answer.error;
      status.lastErrorMs = now;
      this.deps.log?.("warn", `signals: ${source.id}: ${answer.error}`);
    }
    const todayKnown = entry.colours.has(dateKey(today));
    const tomorrowKnown = entry.colours.has(dateKey(addDays(today, 1)));
    const next = nextTempoTryMs(now, { ok: answer.ok, failures: status.failures, retryAfterMs: answer.ok ? undefined : answer.retryAfterMs }, todayKnown, tomorrowKnown);
    this.plan(source.id, next, () => this.pollTempo(source));
    this.deps.onColours(this.colours());
  }

  private async pollEcowatt(source: EcowattSource): Promise<void> {
    const entry = this.entries.get(source.id) as Entry;
    const answer = await source.fetchSignals(this.deps.clock.nowMs());
    const now = this.deps.clock.nowMs();
    const status = entry.status;
    if (answer.ok) {
      status.lastSuccessMs = now;
      status.failures = 0;
      this.deps.onEcowatt?.(ecowattHours(answer.value));
    } else {
      status.failures++;
      status.lastError = answer.error;
      status.lastErrorMs = now;
      this.deps.log?.("warn", `signals: ecowatt: ${answer.error}`);
    }
    const next = nextEcowattTryMs(now, { ok: answer.ok, failures: status.failures, retryAfterMs: answer.ok ? undefined : answer.retryAfterMs });
    this.plan(source.id, next, () => this.pollEcowatt(source));
  }

  private dropOld(entry: Entry, today: LocalDate): void {
    const keep = new Set<string>();
    for (let d = -KEPT_DAYS + 1; d <= 1; d++) keep.add(dateKey(addDays(today, d)));
    for (const key of entry.colours.keys()) if (!keep.has(key)) entry.colours.delete(key);
  }
}

/** Ecowatt's days as hours in UTC ms: `pas` is the local hour of the civil day (a DST day has 23 or 25 of them). */
export function ecowattHours(days: readonly EcowattDay[]): EcowattHour[] {
  const hours: EcowattHour[] = [];
  for (const day of days) {
    for (let hour = 0; hour < 24; hour++) {
      const level = day.hourLevels[hour];
      if (level > 0) hours.push({ startMs: localToUtc(day.date.year, day.date.month, day.date.day, hour), level });
    }
  }
  return hours;
}
