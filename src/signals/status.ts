// How the Internet sources are shown: the status page's section (French first, English complete) and the JSON of
// GET /api/status. Never shows a credential; never writes a source's text into markup without escapeHtml.

import type { ControllerSnapshot } from "../app/types";
import { escapeHtml } from "../text/html";
import type { Lang } from "../text/i18n";
import { localParts } from "../tariff/local-time";
import type { SourceStatus } from "./poller";
import type { SignalDay } from "./slice";

export const SIGNAL_TEXTS = Object.freeze({
  fr: Object.freeze({
    section: "Sources Internet",
    today: "Aujourd’hui",
    tomorrow: "Demain",
    from: "d’après",
    confidence: "confiance",
    lastSuccess: "dernier succès",
    lastError: "dernière erreur",
    nextTry: "prochain essai",
    never: "jamais",
    none: "aucune",
    disagree: "Désaccord",
    ecowattHours: "Heures Ecowatt tendues",
    unknown: "inconnue",
  }),
  en: Object.freeze({
    section: "Internet sources",
    today: "Today",
    tomorrow: "Tomorrow",
    from: "from",
    confidence: "confidence",
    lastSuccess: "last success",
    lastError: "last error",
    nextTry: "next try",
    never: "never",
    none: "none",
    disagree: "Disagreement",
    ecowattHours: "Ecowatt stressed hours",
    unknown: "unknown",
  }),
});

/** Source ids as an owner reads them (the same in both languages: they are names). */
const SOURCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  rte: "RTE Tempo",
  "tempo-light": "RTE open data",
  community: "API communautaire / community API",
  ecowatt: "RTE Ecowatt",
});
const COLOURS = Object.freeze({
  fr: Object.freeze({ blue: "bleu", white: "blanc", red: "rouge", unknown: "inconnue" }),
  en: Object.freeze({ blue: "blue", white: "white", red: "red", unknown: "unknown" }),
});
const CONFIDENCES = Object.freeze({
  fr: Object.freeze({ high: "haute", medium: "moyenne", low: "basse", none: "aucune" }),
  en: Object.freeze({ high: "high", medium: "medium", low: "low", none: "none" }),
});

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;
function when(atMs: number | null, lang: Lang): string {
  if (atMs === null) return SIGNAL_TEXTS[lang].never;
  const p = localParts(atMs);
  return `${pad2(p.day)}/${pad2(p.month)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

function dayLine(lang: Lang, name: string, day: SignalDay | null, id: string): string {
  const t = SIGNAL_TEXTS[lang];
  if (day === null) return `<li id="${id}">${escapeHtml(name)} : ${escapeHtml(t.unknown)}</li>`;
  let html = `<li id="${id}" data-colour="${day.colour}" data-confidence="${day.confidence}">${escapeHtml(name)} : <b>${escapeHtml(COLOURS[lang][day.colour])}</b> ` +
    `${escapeHtml(t.from)} ${escapeHtml(day.provenance)} (${escapeHtml(t.confidence)} ${escapeHtml(CONFIDENCES[lang][day.confidence])})`;
  for (const d of day.disagreements) html += `<br><span class="err">${escapeHtml(t.disagree)} : ${escapeHtml(d)}</span>`;
  return html + "</li>";
}

/** The status page's section: the weighed colours, each source's last success, last error and next try. */
export function signalsSection(lang: Lang, snapshot: ControllerSnapshot, sources: readonly SourceStatus[]): string {
  const t = SIGNAL_TEXTS[lang];
  const s = snapshot.signals;
  // No source on and nothing heard: no section (most boxes).
  if (sources.length === 0 && s.online.length === 0 && s.ecowatt.length === 0) return "";
  let html = `<h2>${escapeHtml(t.section)}</h2><ul id="signals">` + dayLine(lang, t.today, s.today, "signal-today") + dayLine(lang, t.tomorrow, s.tomorrow, "signal-tomorrow") + "</ul><ul id=\"signal-sources\">";
  for (const src of sources) {
    const error = src.lastError === null ? t.none : `${src.lastError} (${when(src.lastErrorMs, lang)})`;
    html += `<li data-source="${escapeHtml(src.id)}" data-failures="${src.failures}">${escapeHtml(SOURCE_NAMES[src.id] ?? src.id)} — ${escapeHtml(t.lastSuccess)} ${escapeHtml(when(src.lastSuccessMs, lang))}` +
      ` · ${escapeHtml(t.lastError)} ${escapeHtml(error)} · ${escapeHtml(t.nextTry)} ${escapeHtml(when(src.nextTryMs, lang))}</li>`;
  }
  html += "</ul>";
  if (s.ecowatt.length > 0) {
    const hours = s.ecowatt.slice(0, 12).map((h) => `${when(h.startMs, lang)} (${h.level})`).join(", ");
    html += `<p id="ecowatt">${escapeHtml(t.ecowattHours)} : ${escapeHtml(hours)}</p>`;
  }
  return html;
}

/** GET /api/status's `signals`: each source's status (ms since the epoch, UTC), never a credential. */
export function signalsJson(sources: readonly SourceStatus[]): { sources: SourceStatus[] } {
  return { sources: sources.map((s) => ({ ...s })) };
}
