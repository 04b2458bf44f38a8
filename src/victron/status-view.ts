// The Victron GX and surplus lines of the status page and of GET /api/status, from the service's status.
// Never writes a GX-supplied string into markup without escapeHtml; French first, English complete.

import { escapeHtml } from "../text/html";
import type { Lang } from "../text/i18n";
import type { VictronStatus } from "./victron-service";

const TEXTS = Object.freeze({
  fr: Object.freeze({
    section: "Victron et surplus solaire",
    gxOnline: "GX connecté",
    gxWaiting: "GX injoignable",
    gxConnecting: "Connexion au GX",
    gxOff: "Pas de GX",
    portal: "identifiant",
    soc: "batterie",
    battery: "puissance batterie",
    grid: "réseau",
    pv: "solaire",
    unknown: "inconnu",
    essHeld: "Réglages ESS écrits et relus",
    essPending: "Réglages ESS en cours d'écriture",
    essFailed: "Réglage refusé par le GX :",
    essOff: "La box ne fait que lire l'ESS (pilotage désactivé)",
    essBad: "Politique ESS invalide, rien n'est écrit",
    topic: "Topic du surplus :",
  }),
  en: Object.freeze({
    section: "Victron and solar surplus",
    gxOnline: "GX connected",
    gxWaiting: "GX unreachable",
    gxConnecting: "Connecting to the GX",
    gxOff: "No GX",
    portal: "portal id",
    soc: "battery",
    battery: "battery power",
    grid: "grid",
    pv: "solar",
    unknown: "unknown",
    essHeld: "ESS settings written and read back",
    essPending: "ESS settings being written",
    essFailed: "Setting refused by the GX:",
    essOff: "The box only reads the ESS (steering off)",
    essBad: "ESS policy invalid, nothing is written",
    topic: "Surplus topic:",
  }),
});

/** The GET /api/status `victron` member: plain numbers, states by one word. */
export function victronJson(s: VictronStatus): Record<string, unknown> {
  const out: Record<string, unknown> = { essEnabled: s.essEnabled };
  if (s.gx) {
    out.gx = {
      state: s.gx.link.state,
      error: s.gx.link.error,
      portalId: s.gx.portalId,
      readings: s.gx.readings,
      ess: { detail: s.gx.ess.detail, done: s.gx.ess.done, entries: s.gx.ess.entries.map((e) => ({ path: e.path, value: e.value, state: e.state, read: e.read ?? null, problem: e.problem })) },
      malformed: s.gx.malformed,
    };
  }
  if (s.essProblem !== null) out.essProblem = s.essProblem;
  if (s.topic) out.topic = { state: s.topic.state, valueW: s.topicValueW, malformed: s.topicMalformed };
  return out;
}

const num = (v: number | null, unit: string, unknown: string): string => (v === null ? unknown : `${Math.round(v)} ${unit}`);

export function victronSection(lang: Lang, s: VictronStatus): string {
  const t = TEXTS[lang];
  let html = `<h2>${escapeHtml(t.section)}</h2>`;
  const gx = s.gx;
  if (!gx) html += `<p id="gx" data-gx="off">${escapeHtml(t.gxOff)}</p>`;
  else {
    const state = gx.link.state;
    const word = state === "online" ? t.gxOnline : state === "waiting" ? t.gxWaiting : state === "connecting" ? t.gxConnecting : t.gxOff;
    const r = gx.readings;
    html +=
      `<p id="gx" data-gx="${state}" class="${state === "online" ? "ok" : "warn"}">${escapeHtml(word)}` +
      `${gx.link.broker ? ` ${escapeHtml(gx.link.broker)}` : ""}${gx.portalId ? ` — ${escapeHtml(t.portal)} ${escapeHtml(gx.portalId)}` : ""}` +
      `${state === "waiting" && gx.link.error ? ` — <span class="detail">${escapeHtml(gx.link.error)}</span>` : ""}</p>` +
      `<p id="gx-readings">${escapeHtml(t.soc)} ${escapeHtml(num(r.socPct, "%", t.unknown))} · ${escapeHtml(t.battery)} ${escapeHtml(num(r.batteryW, "W", t.unknown))} · ` +
      `${escapeHtml(t.grid)} ${escapeHtml(num(r.gridW, "W", t.unknown))} · ${escapeHtml(t.pv)} ${escapeHtml(num(r.pvW, "W", t.unknown))}</p>`;
    if (s.essProblem !== null) html += `<p class="err" id="ess">${escapeHtml(t.essBad)} — <span class="detail">${escapeHtml(s.essProblem)}</span></p>`;
    else if (!s.essEnabled) html += `<p id="ess">${escapeHtml(t.essOff)}</p>`;
    else {
      const failed = gx.ess.entries.filter((e) => e.state === "failed" || e.state === "invalid");
      html += `<p id="ess" class="${failed.length > 0 ? "warn" : gx.ess.done ? "ok" : ""}">${escapeHtml(gx.ess.done ? t.essHeld : t.essPending)}` +
        `${gx.ess.detail ? ` — <span class="detail">${escapeHtml(gx.ess.detail)}</span>` : ""}</p>`;
      for (const e of failed) html += `<p class="warn">${escapeHtml(t.essFailed)} ${escapeHtml(e.path)} = ${e.value} — <span class="detail">${escapeHtml(e.problem ?? "")}</span></p>`;
    }
  }
  if (s.topic) html += `<p id="surplus-topic">${escapeHtml(t.topic)} ${escapeHtml(s.topic.state)} — ${escapeHtml(num(s.topicValueW, "W", t.unknown))}</p>`;
  return html;
}
