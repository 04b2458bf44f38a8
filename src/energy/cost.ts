// Cost and estimated savings of an accounts bucket at given prices, and the Tempo season's red days left.
// Pure; never reads the clock (the day in progress is passed in) and never rounds what it returns.

import { civilFromDays, daysFromCivil } from "../tariff/local-time";
import { weekdayOf } from "../tariff/tempo-calendar";
import type { Bucket } from "./accounts";
import { SEASON_START_MONTH } from "./accounts";
import type { TempoPrices } from "./prices";
import { TEMPO_CELLS } from "./tempo-indexes";

/** Red days in a Tempo season (DOMAIN §2). */
export const TEMPO_RED_DAYS = 22;
export const TEMPO_WHITE_DAYS = 43;

/** € per kWh of a cell (blue HC, blue HP, white HC, …). */
export function cellPrice(prices: TempoPrices, cell: number): number {
  const colour = cell < 2 ? prices.energy.blue : cell < 4 ? prices.energy.white : prices.energy.red;
  return (cell & 1) === 1 ? colour.hp : colour.hc;
}

/** Energy cost of a bucket, € (no subscription). */
export function energyCostEur(bucket: Bucket, prices: TempoPrices): number {
  let eur = 0;
  for (let c = 0; c < TEMPO_CELLS; c++) eur += (bucket.wh[c] / 1000) * cellPrice(prices, c);
  return eur;
}

/** Days of the Tempo season starting 1 September of `seasonYear` (365 or 366): the subscription is spread on them. */
export function seasonLengthDays(seasonYear: number): number {
  return daysFromCivil(seasonYear + 1, SEASON_START_MONTH, 1) - daysFromCivil(seasonYear, SEASON_START_MONTH, 1);
}

/** The subscription for `days` days of the season `seasonYear`, €. */
export function subscriptionEur(prices: TempoPrices, days: number, seasonYear: number): number {
  return (prices.subscriptionEurPerYear * days) / seasonLengthDays(seasonYear);
}

/**
 * Estimated saving on shed energy, €: what shed loads would have drawn (their power × the time they were off, an upper
 * bound: a heater's own thermostat would have cycled) at the peak price, less what drawing it back costs — at the
 * same colour's HC price when `drawnBackInHc` (the default: the heat is made up overnight), nothing otherwise.
 */
export function savingsEur(bucket: Bucket, prices: TempoPrices, drawnBackInHc: boolean): number {
  let eur = 0;
  for (let c = 1; c < TEMPO_CELLS; c += 2) {
    if (bucket.shedWh[c] === 0) continue;
    const back = drawnBackInHc ? cellPrice(prices, c - 1) : 0;
    eur += (bucket.shedWh[c] / 1000) * (cellPrice(prices, c) - back);
  }
  return eur;
}

/**
 * Red days the season may still bring: 22 less those seen, and never more than the weekdays left from tomorrow to
 * 31 March (red only 1 Nov → 31 Mar, never on a weekend).
 */
export function redDaysLeft(redSeen: number, todayKey: number, seasonYear: number): number {
  const left = Math.max(0, TEMPO_RED_DAYS - redSeen);
  const first = Math.max(todayKey + 1, daysFromCivil(seasonYear, 11, 1));
  const last = daysFromCivil(seasonYear + 1, 3, 31);
  let weekdays = 0;
  for (let day = first; day <= last && weekdays < left; day++) {
    const weekday = weekdayOf(civilFromDays(day));
    if (weekday !== 0 && weekday !== 6) weekdays++;
  }
  return Math.min(left, weekdays);
}
