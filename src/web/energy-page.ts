// The energy page (/energy): kWh per colour × period, cost, estimated savings, the season, the 24 h chart, the 8-day
// strip and the last 200 decisions with their reasons. French first, English complete; never writes unescaped text.

import type { EnergyMonitor } from "../energy/monitor";
import { dayKeyAt } from "../energy/accounts";
import { energyView, PERIOD_NAMES, type EnergyView } from "../energy/view";
import { CELL_NAMES } from "../energy/tempo-indexes";
import { tariffOfCode } from "../history/view";
import { localParts } from "../tariff/local-time";
import { escapeHtml } from "../text/html";
import type { Lang } from "../text/i18n";
import { dayStripSvg, powerChartSvg } from "./charts";
import { ENERGY_TEXTS, formatEur, formatKWh } from "./energy-texts";
import { documentPieces, hrefFor } from "./layout";
import { COLOUR_TEXTS, REASON_TEXTS } from "./texts";

export interface EnergyPageInput {
  lang: Lang;
  nowMs: number;
  /** undefined while the box boots (or a shell without the monitor). */
  monitor: EnergyMonitor | undefined;
  /** Load names by id, for the decisions (an id no longer configured shows as itself). */
  loadNames?: Readonly<Record<string, string>>;
}

/** Rows of the decision table per piece: the page is streamed, 200 rows are never one string. */
const DECISION_ROWS_PER_PIECE = 25;

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;

function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (_m, key: string) => String(values[key] ?? ""));
}

/** The link the status page carries to this page (its one line, src/web/status-page.ts). */
export function energyLink(lang: Lang): string {
  return `<p id="energy-link"><a href="${hrefFor("/energy", lang)}">${escapeHtml(ENERGY_TEXTS[lang].link)}</a></p>`;
}

function nav(lang: Lang): string {
  const t = ENERGY_TEXTS[lang];
  const other: Lang = lang === "fr" ? "en" : "fr";
  return `<nav><a href="${hrefFor("/", lang)}">${escapeHtml(t.statusLink)}</a><a href="${hrefFor("/energy", other)}" hreflang="${other}">${escapeHtml(t.switchLang)}</a></nav>`;
}

/** A month or season the box began counting after its first day says since when (its cost counts from then too). */
function sinceNote(name: string, since: string | null, lang: Lang): string {
  if (since === null || (name !== "month" && name !== "season")) return "";
  const [, month, day] = since.split("-");
  if (day === "01" && (name === "month" || month === "09")) return "";
  return `<br><small class="hint">${escapeHtml(fill(ENERGY_TEXTS[lang].since, { date: `${day}/${month}` }))}</small>`;
}

function summary(view: EnergyView, lang: Lang): string {
  const t = ENERGY_TEXTS[lang];
  let rows = "";
  for (const name of PERIOD_NAMES) {
    const p = view.periods[name];
    const detail = fill(t.costDetail, { energy: formatEur(p.energyEur, lang), subscription: formatEur(p.subscriptionEur, lang) });
    const shedWh = p.shedWh.redHp + p.shedWh.whiteHp;
    rows +=
      `<tr id="p-${name}"><th scope="row">${escapeHtml(t.periods[name])}${sinceNote(name, p.since, lang)}</th><td>${escapeHtml(formatKWh(p.totalWh, lang))}</td>` +
      `<td>${escapeHtml(formatEur(p.costEur, lang))}<br><small class="hint">${escapeHtml(detail)}</small></td>` +
      `<td>${escapeHtml(formatEur(p.savingsEur, lang))}${shedWh > 0 ? `<br><small class="hint">${escapeHtml(`${formatKWh(shedWh, lang)} ${t.shed}`)}</small>` : ""}</td></tr>`;
  }
  return (
    `<table class="en"><thead><tr><th></th><th>${escapeHtml(t.energy)}</th><th>${escapeHtml(t.cost)}</th><th>${escapeHtml(t.savings)}</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="hint" id="savings-note">${escapeHtml(view.savingsDrawnBackInHc ? t.savingsNote : t.savingsNoteFull)}</p>`
  );
}

function cells(view: EnergyView, lang: Lang): string {
  const t = ENERGY_TEXTS[lang];
  let rows = "";
  CELL_NAMES.forEach((cell, i) => {
    rows += `<tr><th scope="row">${escapeHtml(t.cells[i])}</th>`;
    for (const name of ["today", "month", "season"] as const) rows += `<td>${escapeHtml(formatKWh(view.periods[name].wh[cell], lang))}</td>`;
    rows += `</tr>`;
  });
  return `<table class="en" id="cells"><thead><tr><th>${escapeHtml(t.colourPeriod)}</th><th>${escapeHtml(t.periods.today)}</th><th>${escapeHtml(t.periods.month)}</th><th>${escapeHtml(t.periods.season)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function season(view: EnergyView, lang: Lang): string {
  const t = ENERGY_TEXTS[lang];
  const s = view.season;
  const m = view.meter;
  return (
    `<h2>${escapeHtml(t.seasonTitle)}</h2><p id="season">${escapeHtml(t.daysWithShedding)} : <b>${s.daysWithShedding}</b> · ${escapeHtml(t.daysWithoutShedding)} : <b>${s.daysWithoutShedding}</b>` +
    (s.redDaysLeft !== null ? ` · ${escapeHtml(t.redDaysLeft)} : <b id="red-left">${s.redDaysLeft}</b>` : "") +
    `</p><p class="hint">${escapeHtml(fill(t.colourDays, s.daysByColour))}</p>` +
    (m.resets + m.jumps + m.unplacedWh > 0 ? `<p class="hint" id="meter-notes">${escapeHtml(fill(t.meterNotes, { resets: m.resets, jumps: m.jumps, unplaced: formatKWh(m.unplacedWh, lang) }))}</p>` : "")
  );
}

function decisionPieces(monitor: EnergyMonitor, input: EnergyPageInput): string[] {
  const { lang } = input;
  const t = ENERGY_TEXTS[lang];
  const entries = monitor.decisions.entries();
  if (entries.length === 0) return [`<p id="decisions">${escapeHtml(t.decisionsNone)}</p>`];
  const pieces = [`<table class="en" id="decisions"><thead><tr><th>${escapeHtml(t.when)}</th><th>${escapeHtml(t.load)}</th><th>${escapeHtml(t.level)}</th><th>${escapeHtml(t.why)}</th></tr></thead><tbody>`];
  let rows = "";
  const today = localParts(input.nowMs);
  entries.forEach((e, i) => {
    const p = localParts(e.atMs);
    const when = `${p.day === today.day && p.month === today.month ? "" : `${pad2(p.day)}/${pad2(p.month)} `}${pad2(p.hour)}:${pad2(p.minute)}`;
    const tariff = tariffOfCode(e.tariff);
    const tariffText = `${COLOUR_TEXTS[lang][tariff.colour as "blue"] ?? tariff.colour}, ${tariff.period === "hp" ? t.hp : t.hc}`;
    const power = e.powerVA !== null && e.limitVA !== null ? ` · ${t.powerLimit} ${e.powerVA} / ${e.limitVA} VA` : "";
    rows +=
      `<tr><td>${escapeHtml(when)}</td><td>${escapeHtml(input.loadNames?.[e.loadId] ?? e.loadId)}</td><td>${escapeHtml(t.levels[e.level] ?? e.level)}</td>` +
      `<td>${escapeHtml(REASON_TEXTS[lang][e.reason] ?? e.reason)}<br><small class="hint">${escapeHtml(tariffText + power)}</small></td></tr>`;
    if ((i + 1) % DECISION_ROWS_PER_PIECE === 0) {
      pieces.push(rows);
      rows = "";
    }
  });
  pieces.push(rows + `</tbody></table>`);
  return pieces;
}

/** The page as pieces (streamed by the server): figures first, then the charts, then the decisions. */
export function renderEnergyPage(input: EnergyPageInput): string[] {
  const { lang, monitor } = input;
  const t = ENERGY_TEXTS[lang];
  const body: string[] = [nav(lang) + `<h1>${escapeHtml(t.title)}</h1><style>table.en{width:100%;border-collapse:collapse;font-size:.9em}table.en td,table.en th{border-bottom:1px solid #ddd;padding:.25em;text-align:right;vertical-align:top}table.en th[scope=row],table.en td:nth-child(2){text-align:left}#decisions td{text-align:left}</style>`];
  if (monitor === undefined || monitor.accounts.r.lastAtMs === null) body.push(`<p id="no-data">${escapeHtml(t.noData)}</p>`);
  if (monitor !== undefined) {
    const view = energyView(monitor);
    if (monitor.accounts.r.lastAtMs !== null) body.push(summary(view, lang), cells(view, lang), season(view, lang));
    body.push(`<h2>${escapeHtml(t.chartTitle)}</h2>${powerChartSvg(monitor.power.slots(input.nowMs), input.nowMs, lang)}<p class="hint">${escapeHtml(t.chartLegend)}</p>`);
    body.push(`<h2>${escapeHtml(t.stripTitle)}</h2>${dayStripSvg(monitor.days.days(dayKeyAt(input.nowMs)), lang)}`);
    body.push(`<h2>${escapeHtml(t.decisionsTitle)}</h2>`);
    for (const piece of decisionPieces(monitor, input)) body.push(piece);
  }
  return documentPieces(lang, t.title, body);
}
