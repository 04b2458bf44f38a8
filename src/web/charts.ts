// SVG charts drawn on the box: 24 h power vs limit with shed bands and the colour strip, and the 8-day colour strip.
// Plain markup built from the history rings, no script and nothing loaded from outside; never writes unescaped text.

import { POWER_SLOT_MS, POWER_SLOTS, SHED_BITS, type PowerSlot } from "../history/power-history";
import type { StripDay } from "../history/day-strip";
import { civilFromDays, localParts } from "../tariff/local-time";
import { escapeHtml } from "../text/html";
import type { Lang } from "../text/i18n";
import { ENERGY_TEXTS, formatNumber } from "./energy-texts";

const LEFT = 34;
/** Room above the plot for the top axis label. */
const TOP = 6;
const PLOT_H = 110;
const STRIP_Y = TOP + PLOT_H + 4;
const STRIP_H = 8;
const AXIS_Y = STRIP_Y + STRIP_H + 11;
const WIDTH = LEFT + POWER_SLOTS + 4;
const HEIGHT = AXIS_Y + 2;

/** Fill of a colour code (0 unknown, 1 blue, 2 white, 3 red), darker in HP. */
const TARIFF_FILL: readonly string[] = Object.freeze(["#ccc", "#bbb", "#9db8ea", "#1d5fd1", "#f2f2f2", "#c9c9c9", "#eaa3a3", "#c62828"]);
const SHED_FILL: readonly (readonly [number, string])[] = Object.freeze([
  Object.freeze([SHED_BITS.red_peak, "#f6d3d0"] as const),
  Object.freeze([SHED_BITS.white_peak, "#e4e4e4"] as const),
  Object.freeze([SHED_BITS.overload, "#ffe0b2"] as const),
  Object.freeze([SHED_BITS.meter_lost, "#eadcf2"] as const),
]);

function niceMaxVA(slots: readonly PowerSlot[]): number {
  let max = 1000;
  for (const s of slots) {
    if (s.limitVA > max) max = s.limitVA;
    if (s.maxVA !== null && s.maxVA > max) max = s.maxVA;
  }
  return Math.ceil(max / 1000) * 1000;
}

/** The 24 h ending at `nowMs`: power (highest per slot) and limit as lines, shed slots as bands, the tariff below. */
export function powerChartSvg(slots: readonly PowerSlot[], nowMs: number, lang: Lang): string {
  const t = ENERGY_TEXTS[lang];
  const firstSlot = Math.floor(nowMs / POWER_SLOT_MS) - POWER_SLOTS + 1;
  const maxVA = niceMaxVA(slots);
  const y = (va: number): number => Math.round((TOP + PLOT_H - (va / maxVA) * PLOT_H) * 10) / 10;
  let bands = "";
  let strip = "";
  let power = "";
  let limit = "";
  let run: string[] = [];
  let lastX = -2;
  const flush = (): void => {
    if (run.length > 1) power += `<polyline points="${run.join(" ")}" fill="none" stroke="#1d5fd1" stroke-width="1.2"/>`;
    run = [];
  };
  for (const s of slots) {
    const x = LEFT + Math.floor(s.startMs / POWER_SLOT_MS) - firstSlot;
    if (s.shedMask !== 0) {
      for (const [bit, fill] of SHED_FILL) {
        if ((s.shedMask & bit) !== 0) {
          bands += `<rect x="${x}" y="${TOP}" width="1" height="${PLOT_H}" fill="${fill}"/>`;
          break;
        }
      }
    }
    strip += `<rect x="${x}" y="${STRIP_Y}" width="1" height="${STRIP_H}" fill="${TARIFF_FILL[s.tariff] ?? "#ccc"}"/>`;
    limit += `${x},${y(s.limitVA)} ${x + 1},${y(s.limitVA)} `;
    if (s.maxVA === null || x !== lastX + 1) flush();
    if (s.maxVA !== null) run.push(`${x + 0.5},${y(s.maxVA)}`);
    lastX = s.maxVA === null ? -2 : x;
  }
  flush();
  let axis = "";
  for (const va of [0, maxVA / 2, maxVA]) {
    axis += `<text x="${LEFT - 3}" y="${y(va) + 3}" text-anchor="end">${formatNumber(va / 1000, va % 1000 === 0 ? 0 : 1, lang)}</text>`;
    axis += `<line x1="${LEFT}" x2="${LEFT + POWER_SLOTS}" y1="${y(va)}" y2="${y(va)}" stroke="#ddd" stroke-width="0.5"/>`;
  }
  axis += `<text x="2" y="8">kVA</text>`;
  // An hour mark every 6 local hours (the tariff's own clock).
  for (let slot = firstSlot; slot < firstSlot + POWER_SLOTS; slot++) {
    const p = localParts(slot * POWER_SLOT_MS);
    if (p.minute !== 0 || p.hour % 6 !== 0) continue;
    const x = LEFT + slot - firstSlot;
    axis += `<line x1="${x}" x2="${x}" y1="${TOP}" y2="${STRIP_Y + STRIP_H}" stroke="#bbb" stroke-width="0.5"/><text x="${x}" y="${AXIS_Y}" text-anchor="middle">${p.hour < 10 ? "0" : ""}${p.hour}h</text>`;
  }
  const label = escapeHtml(`${t.chartTitle}. ${t.chartLegend}`);
  return (
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${label}" font-size="8" font-family="sans-serif" fill="#444" id="power-chart">` +
    `<title>${escapeHtml(t.chartTitle)}</title>${bands}${axis}${strip}` +
    (limit !== "" ? `<polyline points="${limit.trim()}" fill="none" stroke="#c62828" stroke-width="1" stroke-dasharray="3 2"/>` : "") +
    `${power}</svg>`
  );
}

const DAY_W = 38;

/** The last days' colours, oldest first; a shed day carries a mark under its box. */
export function dayStripSvg(days: readonly StripDay[], lang: Lang): string {
  const t = ENERGY_TEXTS[lang];
  const fill = ["#ddd", "#1d5fd1", "#fff", "#c62828"];
  const ink = ["#444", "#fff", "#222", "#fff"];
  let out = "";
  days.forEach((day, i) => {
    const x = i * DAY_W + 1;
    const date = civilFromDays(day.dayKey);
    const weekday = t.weekdays[(((day.dayKey + 4) % 7) + 7) % 7];
    out += `<rect x="${x}" y="1" width="${DAY_W - 4}" height="30" rx="3" fill="${fill[day.colour]}" stroke="#999" stroke-width="0.7"/>`;
    out += `<text x="${x + (DAY_W - 4) / 2}" y="13" text-anchor="middle" fill="${ink[day.colour]}">${escapeHtml(weekday)}</text>`;
    out += `<text x="${x + (DAY_W - 4) / 2}" y="25" text-anchor="middle" fill="${ink[day.colour]}">${date.day}/${date.month}</text>`;
    if (day.shed) out += `<circle cx="${x + (DAY_W - 4) / 2}" cy="37" r="3" fill="#b24d00"><title>${escapeHtml(t.shedMark)}</title></circle>`;
  });
  return `<svg viewBox="0 0 ${days.length * DAY_W} 42" width="100%" role="img" aria-label="${escapeHtml(t.stripTitle)}" font-size="9" font-family="sans-serif" id="day-strip">${out}</svg>`;
}
