// Energy per Tempo colour × period for today, yesterday, this month and this Tempo season, from meter index deltas.
// Pure arithmetic on injected times (UTC ms); never reads the clock, never writes flash (the monitor persists it).

import { civilFromDays, DAY_MS, localHourAt } from "../tariff/local-time";
import { tempoDayStartMs, TEMPO_HOURS } from "../tariff/tempo-calendar";
import { cellIsPeak, TEMPO_CELLS } from "./tempo-indexes";

/**
 * Twice the largest subscription a Linky takes (36 kVA): a meter cannot count faster for long without tripping, so a
 * bigger step between two frames is a glitch or a swapped meter, not energy.
 */
export const MAX_PLAUSIBLE_W = 72_000;
/** Indexes are whole Wh: two frames read across a rounding edge may differ by a few Wh more than the power says. */
export const INDEX_SLACK_WH = 10;
/**
 * Between two readings further apart than this (the box was off, or the meter silent), the box did not see when the
 * energy was drawn: it is counted only in the buckets both ends share (same day, month or season), never guessed.
 */
export const READING_GAP_MS = 15 * 60_000;
/** A season starts on 1 September (DOMAIN §2). */
export const SEASON_START_MONTH = 9;

export type DayColourCode = 0 | 1 | 2 | 3; // unknown, blue, white, red

/** One period's figures: energy drawn and energy shed (not drawn) per cell, Wh. */
export interface Bucket {
  /** Tempo day number (days since 1970-01-01 of its 06:00 date), month (year × 12 + month − 1) or season start year. */
  key: number;
  /** First Tempo day the box counted in this bucket (a box set up mid-season pays the subscription from then). */
  fromDay: number;
  wh: number[];
  shedWh: number[];
}

/** Season-wide counters the page shows beside the energy. */
export interface SeasonDays {
  /** Finished Tempo days with a red or white peak shed, and without. */
  withShedding: number;
  withoutShedding: number;
  /** Finished Tempo days by colour as the box saw them: unknown, blue, white, red. */
  byColour: number[];
}

/** What the store keeps (src/energy/monitor.ts writes it). */
export interface AccountsRecord {
  v: 1;
  meterId: string | null;
  lastIdx: number[] | null;
  lastAtMs: number | null;
  today: Bucket;
  yesterday: Bucket;
  month: Bucket;
  season: Bucket;
  days: SeasonDays;
  todayShed: boolean;
  todayColour: DayColourCode;
  resets: number;
  jumps: number;
  gapWh: number;
}

/**
 * Tempo day number of an instant. The day's 06:00 local is 04:00 or 05:00 UTC on its own date, so 12 h later is still
 * that date: one cached lookup, nothing allocated (asked on every frame).
 */
export function dayKeyAt(utcMs: number): number {
  return Math.floor((tempoDayStartMs(utcMs) + 12 * 3_600_000) / DAY_MS);
}

export function monthKeyOfDay(dayKey: number): number {
  const d = civilFromDays(dayKey);
  return d.year * 12 + d.month - 1;
}

export function seasonKeyOfDay(dayKey: number): number {
  const d = civilFromDays(dayKey);
  return d.month >= SEASON_START_MONTH ? d.year : d.year - 1;
}

/**
 * The Tempo day an index step belongs to. An HC register still moving in the morning is last night's HC (a meter whose
 * clock runs late switches after 06:00); an HP register moving before 06:00 is the new day's (a clock running early).
 * Within the hours of its own period, the step belongs to the Tempo day of the reading.
 */
export function attributedDay(cell: number, atMs: number): number {
  const day = dayKeyAt(atMs);
  const hour = localHourAt(atMs);
  if (!cellIsPeak(cell) && hour >= TEMPO_HOURS.dayStartHour && hour < TEMPO_HOURS.dayStartHour + 6) return day - 1;
  if (cellIsPeak(cell) && hour < TEMPO_HOURS.dayStartHour) return day + 1;
  return day;
}

function zeros(): number[] {
  const out: number[] = [];
  for (let i = 0; i < TEMPO_CELLS; i++) out.push(0);
  return out;
}

export function emptyBucket(key: number, fromDay = key): Bucket {
  return { key, fromDay, wh: zeros(), shedWh: zeros() };
}

export function emptyAccounts(): AccountsRecord {
  return {
    v: 1,
    meterId: null,
    lastIdx: null,
    lastAtMs: null,
    today: emptyBucket(-1),
    yesterday: emptyBucket(-2),
    month: emptyBucket(-1),
    season: emptyBucket(-1),
    days: { withShedding: 0, withoutShedding: 0, byColour: [0, 0, 0, 0] },
    todayShed: false,
    todayColour: 0,
    resets: 0,
    jumps: 0,
    gapWh: 0,
  };
}

/** The accounts, changed in place (one instance lives as long as the box): no allocation per frame. */
export class EnergyAccounts {
  readonly r: AccountsRecord;

  constructor(record: AccountsRecord = emptyAccounts()) {
    this.r = record;
  }

  /** Move today to the Tempo day `dayKey` (never back): yesterday, month and season follow. */
  rollTo(dayKey: number): void {
    const r = this.r;
    if (dayKey <= r.today.key) return;
    if (r.today.key >= 0) this.closeDay();
    r.yesterday = r.today.key === dayKey - 1 ? r.today : emptyBucket(dayKey - 1);
    r.today = emptyBucket(dayKey);
    const month = monthKeyOfDay(dayKey);
    if (r.month.key !== month) r.month = emptyBucket(month, dayKey);
    const season = seasonKeyOfDay(dayKey);
    if (r.season.key !== season) {
      r.season = emptyBucket(season, dayKey);
      r.days = { withShedding: 0, withoutShedding: 0, byColour: [0, 0, 0, 0] };
    }
    r.todayShed = false;
    r.todayColour = 0;
  }

  private closeDay(): void {
    const r = this.r;
    // A day of another season (the box was off across 1 September) is not counted in this one.
    if (seasonKeyOfDay(r.today.key) !== r.season.key) return;
    if (r.todayShed) r.days.withShedding++;
    else r.days.withoutShedding++;
    r.days.byColour[r.todayColour]++;
  }

  /** The colour of the Tempo day in progress as the box knows it (unknown never overwrites a known one). */
  noteColour(dayKey: number, colour: DayColourCode): void {
    if (dayKey === this.r.today.key && colour !== 0) this.r.todayColour = colour;
  }

  noteShed(dayKey: number): void {
    if (dayKey === this.r.today.key) this.r.todayShed = true;
  }

  /** Add Wh of one cell to every bucket of `dayKey` (days the accounts hold); false when no day bucket took it. */
  add(dayKey: number, cell: number, wh: number, field: "wh" | "shedWh"): boolean {
    const r = this.r;
    let inDay = false;
    if (r.today.key === dayKey) {
      r.today[field][cell] += wh;
      inDay = true;
    } else if (r.yesterday.key === dayKey) {
      r.yesterday[field][cell] += wh;
      inDay = true;
    }
    if (r.month.key === monthKeyOfDay(dayKey)) r.month[field][cell] += wh;
    if (r.season.key === seasonKeyOfDay(dayKey)) r.season[field][cell] += wh;
    return inDay;
  }

  /**
   * One frame's six indexes at `atMs`. The first ever reading, a meter that went backwards (reset, replaced) or
   * changed id, or one that jumped further than it can count are baselines, not energy (counted in resets/jumps).
   */
  indexes(idx: readonly number[], atMs: number, meterId: string | undefined): void {
    const r = this.r;
    this.rollTo(dayKeyAt(atMs));
    const last = r.lastIdx;
    const lastAtMs = r.lastAtMs;
    if (last === null || lastAtMs === null) return this.rebase(idx, atMs, meterId);
    if (meterId !== undefined && r.meterId !== null && meterId !== r.meterId) {
      r.resets++;
      return this.rebase(idx, atMs, meterId);
    }
    let total = 0;
    for (let c = 0; c < TEMPO_CELLS; c++) {
      const d = idx[c] - last[c];
      if (d < 0) {
        r.resets++;
        return this.rebase(idx, atMs, meterId);
      }
      total += d;
    }
    const elapsedMs = atMs - lastAtMs;
    if (elapsedMs < 0 || total > (MAX_PLAUSIBLE_W * elapsedMs) / 3_600_000 + INDEX_SLACK_WH) {
      r.jumps++;
      return this.rebase(idx, atMs, meterId);
    }
    if (total === 0) {
      r.lastAtMs = atMs;
      return;
    }
    const gap = elapsedMs > READING_GAP_MS;
    const dayThen = dayKeyAt(lastAtMs);
    const dayNow = dayKeyAt(atMs);
    for (let c = 0; c < TEMPO_CELLS; c++) {
      const d = idx[c] - last[c];
      if (d === 0) continue;
      if (!gap) {
        // A meter whose clock runs early starts the new day's HP before ours says 06:00: that day begins now.
        const day = attributedDay(c, atMs);
        this.rollTo(day);
        this.add(day, c, d, "wh");
      }
      else this.addAcrossGap(dayThen, dayNow, c, d);
      last[c] = idx[c];
    }
    r.lastAtMs = atMs;
    if (meterId !== undefined) r.meterId = meterId;
  }

  /** Energy drawn somewhere between two days: in each bucket both days share, and counted as unplaced otherwise. */
  private addAcrossGap(dayThen: number, dayNow: number, cell: number, wh: number): void {
    const r = this.r;
    if (dayThen === dayNow) {
      this.add(dayNow, cell, wh, "wh");
      return;
    }
    r.gapWh += wh;
    if (monthKeyOfDay(dayThen) === monthKeyOfDay(dayNow) && r.month.key === monthKeyOfDay(dayNow)) r.month.wh[cell] += wh;
    if (seasonKeyOfDay(dayThen) === seasonKeyOfDay(dayNow) && r.season.key === seasonKeyOfDay(dayNow)) r.season.wh[cell] += wh;
  }

  private rebase(idx: readonly number[], atMs: number, meterId: string | undefined): void {
    const r = this.r;
    r.lastIdx = idx.slice(0, TEMPO_CELLS);
    r.lastAtMs = atMs;
    if (meterId !== undefined) r.meterId = meterId;
  }
}

/** A stored record as accounts, or null when it is not one (a damaged record starts fresh, reported by the caller). */
export function accountsFromJson(value: unknown): AccountsRecord | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1) return null;
  const bucketOk = (b: unknown): boolean => {
    if (typeof b !== "object" || b === null) return false;
    const x = b as Record<string, unknown>;
    return typeof x.key === "number" && typeof x.fromDay === "number" && numbers(x.wh, TEMPO_CELLS) && numbers(x.shedWh, TEMPO_CELLS);
  };
  if (!bucketOk(v.today) || !bucketOk(v.yesterday) || !bucketOk(v.month) || !bucketOk(v.season)) return null;
  if (v.lastIdx !== null && !numbers(v.lastIdx, TEMPO_CELLS)) return null;
  if (v.lastAtMs !== null && typeof v.lastAtMs !== "number") return null;
  if (v.meterId !== null && typeof v.meterId !== "string") return null;
  const days = v.days as Record<string, unknown> | undefined;
  if (!days || typeof days.withShedding !== "number" || typeof days.withoutShedding !== "number" || !numbers(days.byColour, 4)) return null;
  if (typeof v.resets !== "number" || typeof v.jumps !== "number" || typeof v.gapWh !== "number") return null;
  if (typeof v.todayShed !== "boolean" || [0, 1, 2, 3].indexOf(v.todayColour as number) < 0) return null;
  return value as AccountsRecord;
}

function numbers(value: unknown, length: number): boolean {
  if (!Array.isArray(value) || value.length !== length) return false;
  for (let i = 0; i < length; i++) if (typeof value[i] !== "number" || !isFinite(value[i])) return false;
  return true;
}
