// The energy figures as the API, the page and Home Assistant show them: kWh per colour × period, cost, savings.
// Pure; derives everything from the accounts and prices it is given, never stores or reads the clock.

import { civilFromDays } from "../tariff/local-time";
import type { AccountsRecord, Bucket } from "./accounts";
import { seasonKeyOfDay } from "./accounts";
import { energyCostEur, redDaysLeft, savingsEur, subscriptionEur } from "./cost";
import type { EnergyMonitor } from "./monitor";
import type { TempoPrices } from "./prices";
import { CELL_NAMES, TEMPO_CELLS } from "./tempo-indexes";

export type PeriodName = "today" | "yesterday" | "month" | "season";
export const PERIOD_NAMES: readonly PeriodName[] = Object.freeze(["today", "yesterday", "month", "season"] as PeriodName[]);

export interface PeriodFigures {
  /** ISO date of the Tempo day (today, yesterday), "YYYY-MM" (month), "YYYY-YYYY" (season); null before any reading. */
  label: string | null;
  /** First Tempo day counted (ISO date): the box may have started after the month or season did. */
  since: string | null;
  /** Wh drawn per cell (blueHc, blueHp, whiteHc, whiteHp, redHc, redHp) and in all. */
  wh: Record<string, number>;
  totalWh: number;
  energyEur: number;
  subscriptionEur: number;
  costEur: number;
  /** Estimated energy not drawn by loads shed for a red or white peak, Wh (whiteHp, redHp), and what it saved. */
  shedWh: { whiteHp: number; redHp: number };
  savingsEur: number;
}

export interface EnergyView {
  periods: Record<PeriodName, PeriodFigures>;
  season: {
    daysWithShedding: number;
    daysWithoutShedding: number;
    daysByColour: { unknown: number; blue: number; white: number; red: number };
    redDaysLeft: number | null;
  };
  meter: { resets: number; jumps: number; unplacedWh: number; lastReadingMs: number | null };
  prices: TempoPrices;
  /** The savings rule: shed energy valued at HP − HC (drawn back overnight) when true, at the whole HP price when false. */
  savingsDrawnBackInHc: boolean;
  /** Always true: savings are an estimate (a shed heater would have cycled on its own thermostat). */
  savingsAreEstimate: true;
}

const round2 = (eur: number): number => Math.round(eur * 100) / 100;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoDay(dayKey: number): string {
  const d = civilFromDays(dayKey);
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

function labelOf(period: PeriodName, bucket: Bucket): string | null {
  if (bucket.key < 0) return null;
  if (period === "season") return `${bucket.key}-${bucket.key + 1}`;
  if (period === "month") return `${Math.floor(bucket.key / 12)}-${pad2((bucket.key % 12) + 1)}`;
  const d = civilFromDays(bucket.key);
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

function figures(period: PeriodName, bucket: Bucket, r: AccountsRecord, prices: TempoPrices, drawnBackInHc: boolean): PeriodFigures {
  const wh: Record<string, number> = {};
  let totalWh = 0;
  for (let c = 0; c < TEMPO_CELLS; c++) {
    wh[CELL_NAMES[c]] = Math.round(bucket.wh[c]);
    totalWh += Math.round(bucket.wh[c]);
  }
  const today = r.today.key;
  let days = 0;
  let seasonYear = 0;
  if (bucket.key >= 0 && today >= 0) {
    seasonYear = seasonKeyOfDay(today);
    if (period === "today" || period === "yesterday") {
      days = 1;
      seasonYear = seasonKeyOfDay(bucket.key);
    } else days = today - bucket.fromDay + 1; // from the first day the box counted (1st of the month, 1 September, or later)
    if (period === "season") seasonYear = bucket.key;
  }
  const energy = energyCostEur(bucket, prices);
  const subscription = days > 0 ? subscriptionEur(prices, days, seasonYear) : 0;
  return {
    label: labelOf(period, bucket),
    since: bucket.key < 0 ? null : isoDay(bucket.fromDay),
    wh,
    totalWh,
    energyEur: round2(energy),
    subscriptionEur: round2(subscription),
    costEur: round2(energy + subscription),
    shedWh: { whiteHp: Math.round(bucket.shedWh[3]), redHp: Math.round(bucket.shedWh[5]) },
    savingsEur: round2(savingsEur(bucket, prices, drawnBackInHc)),
  };
}

export function energyView(monitor: EnergyMonitor): EnergyView {
  const r = monitor.accounts.r;
  const { prices, drawnBackInHc } = monitor.prices();
  const periods = {} as Record<PeriodName, PeriodFigures>;
  for (const name of PERIOD_NAMES) periods[name] = figures(name, r[name], r, prices, drawnBackInHc);
  const byColour = r.days.byColour;
  const redSeen = byColour[3] + (r.todayColour === 3 ? 1 : 0);
  return {
    periods,
    season: {
      daysWithShedding: r.days.withShedding,
      daysWithoutShedding: r.days.withoutShedding,
      daysByColour: { unknown: byColour[0], blue: byColour[1], white: byColour[2], red: byColour[3] },
      redDaysLeft: r.season.key < 0 || r.today.key < 0 ? null : redDaysLeft(redSeen, r.today.key, r.season.key),
    },
    meter: { resets: r.resets, jumps: r.jumps, unplacedWh: Math.round(r.gapWh), lastReadingMs: r.lastAtMs },
    prices,
    savingsDrawnBackInHc: drawnBackInHc,
    savingsAreEstimate: true,
  };
}
