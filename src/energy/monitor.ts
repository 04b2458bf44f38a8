// The box's energy figures and history: meter indexes → accounts, loads shed → estimated savings, and the rings for
// the charts, kept across restarts with bounded flash writes. An observer: never decides a load, never reads the clock.

import type { KeyValueStore, Logger } from "../../hal/types";
import type { ControllerSnapshot, Effect } from "../app/types";
import { readJson, writeJson } from "../device/json-store";
import { DayStrip } from "../history/day-strip";
import { DecisionLog } from "../history/decision-log";
import { PowerHistory, SHED_BITS, tariffCode } from "../history/power-history";
import type { TicReading } from "../tic/types";
import { accountsFromJson, dayKeyAt, EnergyAccounts, READING_GAP_MS, type DayColourCode } from "./accounts";
import { DEFAULT_TEMPO_PRICES, pricesOf, type PriceSettings, type TempoPrices } from "./prices";
import { cellOf, readTempoIndexes, TEMPO_CELLS } from "./tempo-indexes";

/** Store key of the accounts record (≤ 15 characters; not under "app.", which is the Controller's). */
export const ENERGY_STORE_KEY = "energy";
/**
 * The accounts are written at most once an hour while they change, and at once when a Tempo day ends: ≤ 25 flash
 * writes a day (one record of ~0.8 KB, one store key). A power cut loses no energy — the meter keeps counting and the
 * next reading's step is counted (within the day it falls in) — only up to an hour of the shed-energy estimate.
 */
export const ENERGY_SAVE_PERIOD_MS = 3_600_000;

/** What the monitor reads from the settings in force (prices and the savings rule); absent rows take the defaults. */
export type EnergySettings = Partial<PriceSettings> & { savingsDrawnBackInHc?: boolean };

export interface EnergyMonitorParts {
  store: KeyValueStore;
  logger: Logger;
  /** The settings in force, asked when figures are shown (a price change applies to the whole period shown). */
  settings(): EnergySettings;
}

export class EnergyMonitor {
  readonly accounts: EnergyAccounts;
  readonly power = new PowerHistory();
  readonly decisions = new DecisionLog();
  readonly days = new DayStrip();
  private readonly parts: EnergyMonitorParts;
  private readonly idx: number[] = [];
  /** Power not drawn per cell right now by loads shed for a red or white peak, W. */
  private readonly shedW: number[] = [];
  private shedMask = 0;
  private integratedToMs: number | null = null;
  private savedAtMs: number;
  private dirty = false;
  private lastIndexes: Readonly<Record<string, number>> | null = null;
  /** Flash writes so far (tests and the bench check the bound). */
  writes = 0;

  constructor(parts: EnergyMonitorParts, nowMs: number) {
    this.parts = parts;
    for (let c = 0; c < TEMPO_CELLS; c++) {
      this.idx.push(0);
      this.shedW.push(0);
    }
    const { value, error } = readJson(parts.store, ENERGY_STORE_KEY);
    const record = error === undefined && value !== undefined ? accountsFromJson(value) : null;
    if (value !== undefined && record === null) parts.logger.log("warn", "stored energy accounts unreadable; counting afresh", { error: error ?? "bad record" });
    this.accounts = new EnergyAccounts(record ?? undefined);
    this.savedAtMs = nowMs;
  }

  /** The prices in force, from the settings (defaults for rows a settings object lacks). */
  prices(): { prices: TempoPrices; drawnBackInHc: boolean } {
    const s = this.parts.settings();
    const d = pricesOf({
      priceBlueHcEurPerKWh: DEFAULT_TEMPO_PRICES.energy.blue.hc,
      priceBlueHpEurPerKWh: DEFAULT_TEMPO_PRICES.energy.blue.hp,
      priceWhiteHcEurPerKWh: DEFAULT_TEMPO_PRICES.energy.white.hc,
      priceWhiteHpEurPerKWh: DEFAULT_TEMPO_PRICES.energy.white.hp,
      priceRedHcEurPerKWh: DEFAULT_TEMPO_PRICES.energy.red.hc,
      priceRedHpEurPerKWh: DEFAULT_TEMPO_PRICES.energy.red.hp,
      subscriptionEurPerYear: DEFAULT_TEMPO_PRICES.subscriptionEurPerYear,
      ...definedOnly(s),
    });
    return { prices: d, drawnBackInHc: s.savingsDrawnBackInHc !== false };
  }

  /** A meter frame, before the Controller sees it: `snapshot` is the state the time since the last event ran under. */
  reading(reading: TicReading, nowMs: number, snapshot: ControllerSnapshot | undefined): void {
    this.integrate(nowMs);
    // The decoder hands the same indexes object while no index moved: nothing to count.
    if (reading.indexesWh !== this.lastIndexes && readTempoIndexes(reading, this.idx)) {
      this.lastIndexes = reading.indexesWh;
      this.accounts.indexes(this.idx, nowMs, reading.meterId);
      this.dirty = true;
    }
    if (snapshot) this.observe(snapshot, nowMs, reading.apparentPowerVA ?? null);
    this.maybeSave(nowMs);
  }

  /** A transition's facts: each load decision goes to the log; the shed power changes from now on. */
  facts(facts: readonly Effect[], snapshot: ControllerSnapshot, nowMs: number): void {
    let decided = false;
    for (let i = 0; i < facts.length; i++) {
      const fact = facts[i];
      if (fact.type !== "load") continue;
      decided = true;
      const n = fact.numbers;
      this.decisions.add({
        atMs: nowMs,
        loadId: fact.id,
        level: fact.level,
        reason: fact.reason,
        powerVA: n !== undefined && typeof n.powerVA === "number" ? n.powerVA : snapshot.meter.powerVA,
        limitVA: n !== undefined && typeof n.limitVA === "number" ? n.limitVA : snapshot.meter.limitVA,
        tariff: tariffCode(snapshot.tariff.colour, snapshot.tariff.period),
      });
    }
    if (!decided) return;
    this.integrate(nowMs);
    this.observe(snapshot, nowMs, null);
  }

  /** Write the accounts now if they changed (a clean shutdown; the periodic and day-end writes need no call). */
  flush(): void {
    if (!this.dirty) return;
    writeJson(this.parts.store, ENERGY_STORE_KEY, this.accounts.r);
    this.writes++;
    this.dirty = false;
  }

  /** Energy not drawn by shed loads since the last event, at the shed power that held meanwhile. */
  private integrate(nowMs: number): void {
    const from = this.integratedToMs;
    this.integratedToMs = nowMs;
    if (from === null || nowMs <= from) return;
    // Past a gap the box may have been off: what was shed then is not known, so it is not counted.
    const spanMs = Math.min(nowMs - from, READING_GAP_MS);
    const day = dayKeyAt(from);
    for (let c = 0; c < TEMPO_CELLS; c++) {
      if (this.shedW[c] === 0) continue;
      this.accounts.add(day, c, (this.shedW[c] * spanMs) / 3_600_000, "shedWh");
      this.dirty = true;
    }
  }

  /** What the snapshot says now: shed power per cell, the day's colour, and a chart sample. */
  private observe(snapshot: ControllerSnapshot, nowMs: number, powerVA: number | null): void {
    const day = dayKeyAt(nowMs);
    this.accounts.rollTo(day);
    for (let c = 0; c < TEMPO_CELLS; c++) this.shedW[c] = 0;
    let mask = 0;
    const loads = snapshot.loads;
    for (let i = 0; i < loads.length; i++) {
      const load = loads[i];
      if (load.level !== "off" && load.level !== "eco") continue;
      const bit = (SHED_BITS as Readonly<Record<string, number>>)[load.reason];
      if (bit !== undefined) mask |= bit;
      if (load.reason !== "red_peak" && load.reason !== "white_peak") continue;
      const notDrawnW = load.nominalPowerW - load.allocatedW;
      if (notDrawnW > 0) this.shedW[cellOf(load.reason === "red_peak" ? "red" : "white", "hp")] += notDrawnW;
    }
    this.shedMask = mask;
    if ((mask & (SHED_BITS.red_peak | SHED_BITS.white_peak)) !== 0) {
      this.accounts.noteShed(day);
      this.days.shedOn(day);
    }
    const colour = colourCode(snapshot.tariff.colour);
    this.accounts.noteColour(day, colour);
    this.days.colourOf(day, colour);
    this.power.record(nowMs, powerVA ?? snapshot.meter.powerVA, snapshot.meter.limitVA, this.shedMask, tariffCode(snapshot.tariff.colour, snapshot.tariff.period));
  }

  private maybeSave(nowMs: number): void {
    if (!this.dirty) return;
    const dayEnded = dayKeyAt(this.savedAtMs) !== dayKeyAt(nowMs);
    if (!dayEnded && nowMs - this.savedAtMs < ENERGY_SAVE_PERIOD_MS) return;
    this.savedAtMs = nowMs;
    this.flush();
  }
}

export function colourCode(colour: string): DayColourCode {
  return colour === "blue" ? 1 : colour === "white" ? 2 : colour === "red" ? 3 : 0;
}

function definedOnly(settings: EnergySettings): Partial<PriceSettings> {
  const out: Partial<PriceSettings> = {};
  const s = settings as Record<string, unknown>;
  for (const key in s) if (key.indexOf("price") === 0 || key === "subscriptionEurPerYear") if (typeof s[key] === "number") (out as Record<string, unknown>)[key] = s[key];
  return out;
}
