// The season simulator's printed table and its HTML report (inline SVG charts: the season's colours, € per day
// with and without the box). Host-only; formats a SeasonResult, never simulates.

import { DEFAULT_TEMPO_PRICES } from "../../src/energy/prices";
import { escapeHtml } from "../../src/text/html";
import type { SeasonResult } from "./run";

const COLOURS = ["blue", "white", "red"] as const;
const eur = (v: number): string => v.toFixed(2);
const kwh = (wh: number): string => (wh / 1000).toFixed(0);

function perColour(values: number[], colour: number): number {
  return values[colour * 2] + values[colour * 2 + 1];
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The comparison as lines of text (what `npm run season` prints). */
export function seasonTable(r: SeasonResult): string[] {
  const lines: string[] = [];
  lines.push(`Tempo season ${r.season}: ${r.days} days, ${r.minutes.toLocaleString("en")} minutes replayed through the Device (${r.frames.toLocaleString("en")} meter frames) in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  lines.push(`Calendar: ${r.calendarSource}`);
  lines.push(`Household: ${r.home}`);
  lines.push("");
  lines.push("colour     without the box         with the box            difference");
  lines.push("           kWh        €            kWh        €            €");
  COLOURS.forEach((colour, c) => {
    const w = perColour(r.without.eur, c);
    const b = perColour(r.withBox.eur, c);
    lines.push(`${colour.padEnd(10)} ${kwh(perColour(r.without.wh, c)).padStart(6)} ${eur(w).padStart(10)}   ${kwh(perColour(r.withBox.wh, c)).padStart(9)} ${eur(b).padStart(10)}   ${eur(w - b).padStart(10)}`);
  });
  const totalW = sum(r.without.eur) + r.subscriptionEur;
  const totalB = sum(r.withBox.eur) + r.subscriptionEur;
  lines.push(`${"subscr.".padEnd(10)} ${"".padStart(6)} ${eur(r.subscriptionEur).padStart(10)}   ${"".padStart(9)} ${eur(r.subscriptionEur).padStart(10)}`);
  lines.push(`${"total".padEnd(10)} ${kwh(sum(r.without.wh)).padStart(6)} ${eur(totalW).padStart(10)}   ${kwh(sum(r.withBox.wh)).padStart(9)} ${eur(totalB).padStart(10)}   ${eur(totalW - totalB).padStart(10)}`);
  lines.push("");
  const season = r.boxView.periods.season;
  lines.push(`The box's own figures (from the meter's indexes): ${kwh(season.totalWh)} kWh, € ${eur(season.energyEur)} energy; its savings estimate € ${eur(season.savingsEur)} (shed ${kwh(season.shedWh.redHp)} kWh red HP, ${kwh(season.shedWh.whiteHp)} kWh white HP)`);
  lines.push(`Days with shedding ${r.boxView.season.daysWithShedding}, without ${r.boxView.season.daysWithoutShedding}; minutes over the subscribed power: ${r.without.overMinutes} without the box, ${r.withBox.overMinutes} with it`);
  lines.push(`Comfort cost (degree-hours below setpoint while shed): ${Object.keys(r.comfortKh).map((id) => `${id} ${r.comfortKh[id].toFixed(0)} K·h`).join(", ")}`);
  lines.push(`Relay switchings (≈100,000 in a relay's life): ${Object.keys(r.switches).map((k) => `${k} ${r.switches[k]}`).join(", ")}`);
  lines.push(`Prices: DOMAIN §2 defaults (blue ${DEFAULT_TEMPO_PRICES.energy.blue.hc}/${DEFAULT_TEMPO_PRICES.energy.blue.hp}, white ${DEFAULT_TEMPO_PRICES.energy.white.hc}/${DEFAULT_TEMPO_PRICES.energy.white.hp}, red ${DEFAULT_TEMPO_PRICES.energy.red.hc}/${DEFAULT_TEMPO_PRICES.energy.red.hp} €/kWh HC/HP)`);
  return lines;
}

const FILL: Readonly<Record<string, string>> = { blue: "#1d5fd1", white: "#e8e8e8", red: "#c62828" };

/** One bar pair per day: € without the box (grey) and with it (blue), over the season's colour strip. */
function dailyChart(r: SeasonResult): string {
  const w = 2;
  const height = 160;
  let max = 1;
  for (let d = 0; d < r.days; d++) max = Math.max(max, r.without.dailyEur[d], r.withBox.dailyEur[d]);
  const y = (v: number): number => height - (v / max) * (height - 10);
  let bars = "";
  for (let d = 0; d < r.days; d++) {
    bars += `<rect x="${d * w}" y="${y(r.without.dailyEur[d]).toFixed(1)}" width="${w}" height="${(height - y(r.without.dailyEur[d])).toFixed(1)}" fill="#bbb"/>`;
    bars += `<rect x="${d * w + 0.5}" y="${y(r.withBox.dailyEur[d]).toFixed(1)}" width="${w - 1}" height="${(height - y(r.withBox.dailyEur[d])).toFixed(1)}" fill="#1d5fd1"/>`;
    bars += `<rect x="${d * w}" y="${height + 3}" width="${w}" height="10" fill="${FILL[r.colours[d]]}"/>`;
  }
  return `<svg viewBox="0 0 ${r.days * w} ${height + 14}" width="100%" role="img" aria-label="€ per day without (grey) and with (blue) the box, over the day's colour">${bars}<text x="2" y="10" font-size="9">max € ${eur(max)} / day</text></svg>`;
}

export function seasonReportHtml(r: SeasonResult): string {
  const table = seasonTable(r).map((l) => escapeHtml(l)).join("\n");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>Tempo season ${escapeHtml(r.season)}</title><style>body{font:15px/1.4 system-ui,sans-serif;max-width:60em;margin:auto;padding:1em}pre{font-size:12px;overflow-x:auto}</style></head><body>` +
    `<h1>Tempo season ${escapeHtml(r.season)}: with and without the box</h1>` +
    `<h2>€ per day (grey: without the box, blue: with it) and the day's colour</h2>${dailyChart(r)}` +
    `<h2>Figures</h2><pre>${table}</pre>` +
    `<p>Savings are the simulator's difference between the two runs of the same house; the box's own estimate (shed power × time, valued at HP − HC) is beside it. Comfort cost counts how far below its setpoint a room fell while the box held its heater off or in eco.</p>` +
    `</body></html>`
  );
}
