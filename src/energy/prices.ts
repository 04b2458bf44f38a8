// Tempo prices as data: € per kWh for each colour × period, and the yearly subscription, with the defaults below.
// Pure; never reads settings storage or the clock: callers hand in the settings they run on.

import type { Period } from "../tariff/tempo-calendar";
import type { TempoColour } from "../tic/types";

/** The six energy prices, €/kWh TTC, one per Tempo colour and period. */
export interface TempoEnergyPrices {
  readonly blue: { readonly hc: number; readonly hp: number };
  readonly white: { readonly hc: number; readonly hp: number };
  readonly red: { readonly hc: number; readonly hp: number };
}

export interface TempoPrices {
  readonly energy: TempoEnergyPrices;
  /** € TTC a year, prorated per day by the cost (src/energy/cost.ts). */
  readonly subscriptionEurPerYear: number;
}

/** The colours and periods in the order every table, page and API lists them (the supplier's index order, DOMAIN §1). */
export const TEMPO_COLOURS: readonly TempoColour[] = Object.freeze(["blue", "white", "red"] as TempoColour[]);
export const TEMPO_PERIODS: readonly Period[] = Object.freeze(["hc", "hp"] as Period[]);

/**
 * DOMAIN §2, EDF Tempo, €/kWh TTC, August 2026. The subscription is the 9 kVA Tempo one from 1 August 2025
 * (238.06 €/year, TVA 20 % on the fixed part; reported by econostrum.info, "Changement de cap pour l'offre Tempo"):
 * DOMAIN gives none, and it depends on the subscribed power, so the owner sets theirs.
 */
export const DEFAULT_TEMPO_PRICES: TempoPrices = Object.freeze({
  energy: Object.freeze({
    blue: Object.freeze({ hc: 0.1356, hp: 0.1654 }),
    white: Object.freeze({ hc: 0.1536, hp: 0.1921 }),
    red: Object.freeze({ hc: 0.1615, hp: 0.7295 }),
  }),
  subscriptionEurPerYear: 238.06,
});

/** The settings key of each price (src/settings/table.ts has one row each, default from DEFAULT_TEMPO_PRICES). */
export const PRICE_SETTING_KEYS = Object.freeze({
  blue: Object.freeze({ hc: "priceBlueHcEurPerKWh", hp: "priceBlueHpEurPerKWh" }),
  white: Object.freeze({ hc: "priceWhiteHcEurPerKWh", hp: "priceWhiteHpEurPerKWh" }),
  red: Object.freeze({ hc: "priceRedHcEurPerKWh", hp: "priceRedHpEurPerKWh" }),
});
export const SUBSCRIPTION_SETTING_KEY = "subscriptionEurPerYear";

/** The price settings as the settings object holds them (src/settings/types.ts). */
export interface PriceSettings {
  priceBlueHcEurPerKWh: number;
  priceBlueHpEurPerKWh: number;
  priceWhiteHcEurPerKWh: number;
  priceWhiteHpEurPerKWh: number;
  priceRedHcEurPerKWh: number;
  priceRedHpEurPerKWh: number;
  subscriptionEurPerYear: number;
}

/** The prices the settings hold, as one table. */
export function pricesOf(settings: PriceSettings): TempoPrices {
  return {
    energy: {
      blue: { hc: settings.priceBlueHcEurPerKWh, hp: settings.priceBlueHpEurPerKWh },
      white: { hc: settings.priceWhiteHcEurPerKWh, hp: settings.priceWhiteHpEurPerKWh },
      red: { hc: settings.priceRedHcEurPerKWh, hp: settings.priceRedHpEurPerKWh },
    },
    subscriptionEurPerYear: settings.subscriptionEurPerYear,
  };
}

/** € per kWh of one colour and period. */
export function priceOf(prices: TempoPrices, colour: TempoColour, period: Period): number {
  return prices.energy[colour][period];
}
