// Energy accounting cases shared by the jest lane (test/energy/accounts.test.ts) and the XS lane (test/xs/energy.xs.ts):
// real captures, index deltas, a meter reset, the 06:00 colour change, a restart mid-day, the savings of a hand-computed week.
// No Node API here (it runs on XS); captures are handed in as bytes by each lane.

import type { ControllerSnapshot } from "../../src/app/types";
import { MemoryStore } from "../../src/device/memory-store";
import { dayKeyAt, EnergyAccounts } from "../../src/energy/accounts";
import { redDaysLeft } from "../../src/energy/cost";
import { EnergyMonitor, ENERGY_STORE_KEY } from "../../src/energy/monitor";
import { cellOf, readTempoIndexes } from "../../src/energy/tempo-indexes";
import { energyView } from "../../src/energy/view";
import { localToUtc } from "../../src/tariff/local-time";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicReading } from "../../src/tic/types";

export interface Captures {
  /** hist-tempo-3ph-hpjr-hcjr-demain-roug.tic: two real frames, HPJR then HCJR. */
  historicRed: Uint8Array;
  /** std-tempo-3ph-hc-blanc-frame.tic: one standard frame body. */
  standardWhite: Uint8Array;
  /** hist-hc-1ph-two-frames.tic: an HC/HP contract, not Tempo. */
  historicHc: Uint8Array;
}

export interface EnergyCase {
  name: string;
  run(): { actual: unknown; expected: unknown };
}

const MIN = 60_000;
const HOUR = 3_600_000;
const quiet = { log: () => undefined };

function decodeAll(bytes: Uint8Array): TicReading[] {
  const out: TicReading[] = [];
  const decoder = new TicDecoder({ mode: "auto", onFrame: (r) => out.push(r) });
  decoder.push(bytes);
  decoder.end();
  return out;
}

/** The six Tempo indexes written in a capture, read from its text by a plain pattern (not by the decoder). */
function indexesInText(bytes: Uint8Array, labels: readonly string[]): number[][] {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i] & 0x7f);
  const frames: number[][] = [];
  let current: number[] = [];
  for (const line of text.split("\r")) {
    const m = /^\n?([A-Z0-9]+)[ \t](\d{9})[ \t]/.exec(line);
    if (!m) continue;
    const at = labels.indexOf(m[1]);
    if (at < 0) continue;
    if (at === 0 && current.length > 0) {
      frames.push(current);
      current = [];
    }
    current[at] = Number(m[2]);
  }
  if (current.length > 0) frames.push(current);
  return frames;
}

function reading(idx: readonly number[], powerVA = 1000): TicReading {
  const labels = ["BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"];
  const indexesWh: Record<string, number> = {};
  labels.forEach((label, i) => (indexesWh[label] = idx[i]));
  return { mode: "historic", indexesWh, apparentPowerVA: powerVA, meterId: "021861348497" } as unknown as TicReading;
}

function snapshot(colour: string, period: "hp" | "hc", loads: Array<{ id: string; level: string; reason: string; nominalPowerW: number }>): ControllerSnapshot {
  return {
    tariff: { colour, period, tomorrow: "unknown", source: "test", suspicious: [] },
    meter: { status: "ok", lastFrameMs: 0, powerVA: 1000, limitVA: 9000 },
    loads: loads.map((l) => ({ ...l, allocatedW: l.level === "off" ? 0 : l.nominalPowerW })),
  } as unknown as ControllerSnapshot;
}

/** Tuesday 13 January 2026 (a weekday in the red months). */
const at = (day: number, hour: number, minute = 0, second = 0): number => localToUtc(2026, 1, day, hour, minute, second);

export function energyCases(captures: Captures): EnergyCase[] {
  return [
    {
      name: "a historic capture's BBR registers are the six cells; its HPJR then HCJR frames two hours apart count red HP and red HC",
      run() {
        const readings = decodeAll(captures.historicRed);
        const text = indexesInText(captures.historicRed, ["BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"]);
        const idx: number[] = [];
        const read = readings.map((r) => (readTempoIndexes(r, idx) ? idx.slice() : null));
        const accounts = new EnergyAccounts();
        accounts.indexes(read[0] as number[], at(13, 20, 30), readings[0].meterId);
        accounts.indexes(read[1] as number[], at(13, 22, 30), readings[1].meterId);
        const today = accounts.r.today;
        return {
          actual: [read, today.wh, accounts.r.resets + accounts.r.jumps],
          expected: [text, [0, 0, 0, 0, text[1][4] - text[0][4], text[1][5] - text[0][5]], 0],
        };
      },
    },
    {
      name: "a standard Tempo capture's EASF01..06 are the six cells; an HC/HP contract gives no Tempo cells",
      run() {
        const idx: number[] = [];
        const std = decodeAll(captures.standardWhite).map((r) => (readTempoIndexes(r, idx) ? idx.slice() : null));
        const hc = decodeAll(captures.historicHc).map((r) => readTempoIndexes(r, idx));
        return {
          actual: [std, hc],
          expected: [indexesInText(captures.standardWhite, ["EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06"]), hc.map(() => false)],
        };
      },
    },
    {
      name: "index deltas every minute for two days land in today and yesterday by cell, equal to the energy drawn",
      run() {
        const accounts = new EnergyAccounts();
        const idx = [1000, 2000, 3000, 4000, 5000, 6000];
        const drawn: number[][] = [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]];
        const start = at(13, 6);
        for (let t = start; t <= start + 2 * 24 * HOUR - MIN; t += MIN) {
          const hour = Math.floor((t - start) / HOUR) % 24; // hours since 06:00
          const day = t < start + 24 * HOUR ? 0 : 1;
          const cell = cellOf(day === 0 ? "red" : "white", hour < 16 ? "hp" : "hc");
          if (t > start) {
            idx[cell] += 25; // 1.5 kW for a minute
            drawn[day][cell] += 25;
          }
          accounts.indexes(idx, t, undefined);
        }
        return { actual: [accounts.r.yesterday.wh, accounts.r.today.wh, accounts.r.month.wh.reduce((a, b) => a + b, 0)], expected: [drawn[0], drawn[1], 2 * 24 * 60 * 25 - 25] };
      },
    },
    {
      name: "06:00: last night's HC still counting after 06:00 is yesterday's, the new colour's HP counting before 06:00 is today's",
      run() {
        const accounts = new EnergyAccounts();
        const idx = [0, 0, 0, 0, 0, 0];
        accounts.indexes(idx, at(13, 5, 58), undefined); // blue night (HCJB)
        idx[cellOf("blue", "hc")] += 10;
        accounts.indexes(idx, at(13, 5, 59), undefined); // still the night: day of 12 January
        idx[cellOf("white", "hp")] += 7; // a meter clock 40 s early: white HP before our 06:00
        accounts.indexes(idx, at(13, 5, 59, 40), undefined);
        idx[cellOf("blue", "hc")] += 3; // another meter, running late: blue HC after 06:00
        accounts.indexes(idx, at(13, 6, 0, 30), undefined);
        idx[cellOf("white", "hp")] += 20;
        accounts.indexes(idx, at(13, 6, 1, 30), undefined);
        return {
          actual: [accounts.r.yesterday.key === dayKeyAt(at(13, 3)), accounts.r.yesterday.wh, accounts.r.today.wh],
          expected: [true, [13, 0, 0, 0, 0, 0], [0, 0, 0, 27, 0, 0]],
        };
      },
    },
    {
      name: "a meter reset (indexes back to zero) and a jump no meter can count are baselines, counted, never energy",
      run() {
        const accounts = new EnergyAccounts();
        accounts.indexes([5000, 5000, 5000, 5000, 5000, 5000], at(13, 10), "A");
        accounts.indexes([5000, 5100, 5000, 5000, 5000, 5000], at(13, 10, 1), "A");
        accounts.indexes([0, 3, 0, 0, 0, 0], at(13, 10, 2), "A"); // replaced or reset meter
        accounts.indexes([0, 53, 0, 0, 0, 0], at(13, 10, 3), "A");
        accounts.indexes([0, 1_000_053, 0, 0, 0, 0], at(13, 10, 4), "A"); // 1 MWh in a minute: a glitch
        accounts.indexes([0, 1_000_083, 0, 0, 0, 0], at(13, 10, 5), "A");
        accounts.indexes([7, 7, 7, 7, 7, 7], at(13, 10, 6), "B"); // another meter id
        return { actual: [accounts.r.today.wh, accounts.r.resets, accounts.r.jumps], expected: [[0, 100 + 50 + 30, 0, 0, 0, 0], 2, 1] };
      },
    },
    {
      name: "restart mid-day: the hourly record and the meter's indexes give back the whole day; across a day the step is unplaced",
      run() {
        const store = new MemoryStore();
        const settings = () => ({});
        const first = new EnergyMonitor({ store, logger: quiet, settings }, at(13, 8));
        const idx = [100, 100, 100, 100, 100, 100];
        const snap = snapshot("blue", "hp", []);
        for (let t = at(13, 8); t <= at(13, 9, 30); t += MIN) {
          if (t > at(13, 8)) idx[1] += 20;
          first.reading(reading(idx), t, snap);
        }
        const writesBefore = first.writes; // the hourly write at 09:00; the power cut at 09:30 writes nothing
        idx[1] += 2400; // drawn while the box was off, 09:30 → 11:00
        const second = new EnergyMonitor({ store, logger: quiet, settings }, at(13, 11));
        second.reading(reading(idx), at(13, 11), snap);
        const today = second.accounts.r.today.wh[1];
        idx[3] += 500; // overnight off, next Tempo day
        second.flush();
        const third = new EnergyMonitor({ store, logger: quiet, settings }, at(14, 8));
        third.reading(reading(idx), at(14, 8), snapshot("white", "hp", []));
        const r = third.accounts.r;
        return {
          actual: [writesBefore, store.keys().indexOf(ENERGY_STORE_KEY) >= 0, today, r.yesterday.wh[1], r.today.wh[3], r.month.wh[3], r.gapWh],
          expected: [1, true, 90 * 20 + 2400, 90 * 20 + 2400, 0, 500, 500],
        };
      },
    },
    {
      name: "savings of a hand-computed week: 3 red days × 16 h × 2 kW and 2 white days × 16 h × 1.5 kW shed, at HP − HC",
      run() {
        const store = new MemoryStore();
        let drawnBack = true;
        const monitor = new EnergyMonitor({ store, logger: quiet, settings: () => ({ savingsDrawnBackInHc: drawnBack }) }, at(12, 6));
        // Monday 12 → Sunday 18 January 2026.
        const colours = ["red", "red", "white", "blue", "red", "white", "blue"];
        const idx = [0, 0, 0, 0, 0, 0];
        for (let t = at(12, 6); t <= at(19, 6, 1); t += MIN) {
          const dayIndex = Math.min(6, Math.floor((t - at(12, 6)) / (24 * HOUR)));
          const colour = t >= at(19, 6) ? "blue" : colours[dayIndex];
          const hour = (Math.floor((t - at(12, 6)) / HOUR) % 24) + 6;
          const period = hour < 22 ? "hp" : "hc";
          const loads = [
            { id: "salon", level: colour === "red" && period === "hp" ? "off" : "normal", reason: colour === "red" && period === "hp" ? "red_peak" : "normal", nominalPowerW: 2000 },
            { id: "ballon", level: colour === "white" && period === "hp" ? "off" : "normal", reason: colour === "white" && period === "hp" ? "white_peak" : "normal", nominalPowerW: 1500 },
          ];
          monitor.reading(reading(idx), t, snapshot(colour, period, loads));
        }
        const view = energyView(monitor);
        drawnBack = false;
        const full = energyView(monitor).periods.season.savingsEur;
        // By hand: red 3 × 16 h × 2 kW = 96 kWh × (0.7295 − 0.1615) = 54.528 €; white 2 × 16 × 1.5 = 48 kWh × (0.1921 − 0.1536) = 1.848 €.
        // Without drawing back: 96 × 0.7295 + 48 × 0.1921 = 70.032 + 9.2208 = 79.2528 €.
        return {
          actual: [view.periods.season.shedWh, view.periods.season.savingsEur, full, view.season.daysWithShedding, view.season.daysWithoutShedding, view.season.daysByColour, view.savingsAreEstimate],
          expected: [{ whiteHp: 48_000, redHp: 96_000 }, 56.38, 79.25, 5, 2, { unknown: 0, blue: 2, white: 2, red: 3 }, true],
        };
      },
    },
    {
      name: "cost: energy at each cell's price plus the subscription prorated per day; red days left from the rules",
      run() {
        const store = new MemoryStore();
        const monitor = new EnergyMonitor({ store, logger: quiet, settings: () => ({}) }, at(13, 8));
        monitor.reading(reading([0, 0, 0, 0, 0, 0]), at(13, 21, 50), snapshot("red", "hp", []));
        monitor.reading(reading([0, 0, 0, 0, 1000, 2000]), at(13, 22, 10), snapshot("red", "hc", []));
        const today = energyView(monitor).periods.today;
        const days = (y: number, m: number, d: number) => dayKeyAt(localToUtc(y, m, d, 12));
        return {
          actual: [today.energyEur, today.subscriptionEur, today.costEur, redDaysLeft(0, days(2025, 12, 1), 2025), redDaysLeft(20, days(2026, 3, 27), 2025), redDaysLeft(10, days(2026, 3, 27), 2025), redDaysLeft(3, days(2026, 4, 2), 2025)],
          // 1 kWh × 0.1615 + 2 kWh × 0.7295 = 1.6205 €; 238.06 € / 365 days = 0.652 €.
          expected: [1.62, 0.65, 2.27, 22, 2, 2, 0],
        };
      },
    },
  ];
}
