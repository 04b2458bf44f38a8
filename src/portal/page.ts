// Renders the portal's HTML pages (form, saved, not found): one small document, inline CSS, no script, no link out.
// Never writes a caller's string into markup without escapeHtml, and never writes a password at all.

import type { WifiNetwork } from "../../hal/types";
import type { Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { FORM_FIELDS, FORM_LIMITS, HIDDEN_NETWORK_CHOICE, type FieldError, type FormEcho } from "./form";
import { DEFAULT_DISCOVERY_PREFIX } from "../mqtt/config";
import { ERROR_TEXTS, FIELD_LABELS, TEXTS } from "./texts";
import type { StoredPortalView } from "./settings";
import { PASSWORD_RULES } from "../auth/password-hash";

export const MAX_LISTED_NETWORKS = 20;

/** Scan results as the page lists them: named networks only, one entry per SSID (its strongest), strongest first. */
export function orderNetworks(networks: readonly WifiNetwork[]): WifiNetwork[] {
  const best = new Map<string, WifiNetwork>();
  for (const n of networks) {
    if (n.ssid.length === 0) continue; // hidden networks are typed by hand
    const seen = best.get(n.ssid);
    if (seen === undefined || n.rssiDbm > seen.rssiDbm) best.set(n.ssid, n);
  }
  const list = Array.from(best.values());
  list.sort((a, b) => b.rssiDbm - a.rssiDbm || (a.ssid < b.ssid ? -1 : 1));
  return list.slice(0, MAX_LISTED_NETWORKS);
}

/** Four-step signal bars from RSSI: ≥ −55 excellent … < −80 weak. */
export function signalBars(rssiDbm: number): number {
  return rssiDbm >= -55 ? 4 : rssiDbm >= -67 ? 3 : rssiDbm >= -80 ? 2 : 1;
}

const CSS =
  "body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;max-width:34em;padding:1em;color:#222;background:#fafafa}" +
  "h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.05em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}" +
  "label{display:block;margin:.4em 0}.net{display:flex;gap:.5em;align-items:center;padding:.45em;border:1px solid #ddd;" +
  "border-radius:.4em;margin:.3em 0;background:#fff}.net span.s{margin-left:auto;color:#666;font-size:.85em;white-space:nowrap}" +
  "input[type=text],input[type=password]{width:100%;box-sizing:border-box;font-size:1em;padding:.5em;border:1px solid #bbb;border-radius:.4em}" +
  ".hint{color:#666;font-size:.85em}.err{background:#fdecea;border:1px solid #e0a39a;padding:.6em;border-radius:.4em}" +
  ".err li{margin:.2em 0}button{width:100%;font-size:1.1em;padding:.7em;margin:1.2em 0;border:0;border-radius:.4em;" +
  "background:#1d5fd1;color:#fff}.qr{text-align:center}.qr svg{max-width:60%;height:auto}.lang{float:right}" +
  ".code{font:1.6em monospace;letter-spacing:.1em;text-align:center}";

function documentHead(lang: Lang, title: string): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
    `<style>${CSS}</style></head><body>`
  );
}

const DOCUMENT_TAIL = "</body></html>";

function documentOf(lang: Lang, title: string, body: string): string {
  return documentHead(lang, title) + body + DOCUMENT_TAIL;
}

function langSwitch(lang: Lang, path: string): string {
  const other: Lang = lang === "fr" ? "en" : "fr";
  return `<a class="lang" href="${escapeHtml(path)}?lang=${other}" hreflang="${other}">${escapeHtml(TEXTS[lang].switchLang)}</a>`;
}

export interface FormPageInput {
  lang: Lang;
  networks: readonly WifiNetwork[];
  /** The code shown in the field: a fresh proposal, or what the owner typed before a refusal. */
  setupCode: string;
  /** SVG markup of the proposed code's setup URI (built by us from digits only). */
  qrSvg: string;
  view: StoredPortalView;
  errors?: readonly FieldError[];
  echo?: FormEcho;
}

function networkList(input: FormPageInput): string {
  const t = TEXTS[input.lang];
  const chosen = input.echo?.network ?? input.view.wifiSsid;
  const ordered = orderNetworks(input.networks);
  let html = `<p class="hint">${escapeHtml(ordered.length > 0 ? t.networksFound : t.noNetworks)}</p>`;
  for (const n of ordered) {
    const checked = n.ssid === chosen ? " checked" : "";
    const bars = "▂▄▆█".slice(0, signalBars(n.rssiDbm));
    html +=
      `<label class="net"><input type="radio" name="${FORM_FIELDS.network}" value="${escapeHtml(n.ssid)}"${checked}>` +
      `<span>${escapeHtml(n.ssid)}</span><span class="s" title="${n.rssiDbm} dBm">${escapeHtml(n.secure ? t.secured : t.open)} ${bars}</span></label>`;
  }
  const hiddenChecked = chosen === HIDDEN_NETWORK_CHOICE || (input.echo?.hiddenSsid ?? "") !== "" ? " checked" : "";
  html +=
    `<label class="net"><input type="radio" name="${FORM_FIELDS.network}" value="${HIDDEN_NETWORK_CHOICE}"${hiddenChecked}>` +
    `<span>${escapeHtml(t.hiddenNetwork)}</span></label>` +
    `<input type="text" name="${FORM_FIELDS.hiddenSsid}" maxlength="32" autocapitalize="none" autocomplete="off" ` +
    `placeholder="${escapeHtml(t.hiddenPlaceholder)}" value="${escapeHtml(input.echo?.hiddenSsid ?? "")}">`;
  return html;
}

function errorList(lang: Lang, errors: readonly FieldError[]): string {
  if (errors.length === 0) return "";
  let items = "";
  for (const e of errors) items += `<li>${escapeHtml(FIELD_LABELS[lang][e.field])} : ${escapeHtml(ERROR_TEXTS[lang][e.code])}</li>`;
  return `<div class="err" role="alert"><p>${escapeHtml(TEXTS[lang].errorsIntro)}</p><ul>${items}</ul></div>`;
}

function ticChoice(lang: Lang, current: string): string {
  const t = TEXTS[lang];
  const options: [string, string][] = [
    ["auto", t.ticAuto],
    ["historic", t.ticHistoric],
    ["standard", t.ticStandard],
  ];
  let html = "";
  for (const [value, label] of options) {
    const checked = value === current ? " checked" : "";
    html += `<label><input type="radio" name="${FORM_FIELDS.ticMode}" value="${value}"${checked}> ${escapeHtml(label)}</label>`;
  }
  return html;
}

/**
 * The web page's owner password: asked while none exists; afterwards only said to exist (it is never replaced here).
 * No `required`/`minlength`: the box's own check names the field and why, in the page's language, like every field.
 */
function ownerSection(input: FormPageInput): string {
  const t = TEXTS[input.lang];
  const head = `<h2>${escapeHtml(t.sectionOwner)}</h2>`;
  if (input.view.ownerPasswordSet) return `${head}<p class="hint" id="owner-set">${escapeHtml(t.ownerPasswordSet)}</p>`;
  const field = (name: string, label: string) =>
    `<label>${escapeHtml(label)}<input type="password" name="${name}" maxlength="${PASSWORD_RULES.maxChars}" autocomplete="new-password"></label>`;
  return (
    `${head}<p>${escapeHtml(t.ownerIntro)}</p>` +
    field(FORM_FIELDS.ownerPassword, t.ownerPassword) +
    field(FORM_FIELDS.ownerPasswordAgain, t.ownerPasswordAgain) +
    `<p class="hint">${escapeHtml(t.ownerPasswordHint)}</p>`
  );
}

/**
 * The optional MQTT section: the broker URL (shown again after a refusal with no password in it), user, password
 * (never with a value), discovery prefix. The box checks every field itself, as for the rest of the form.
 */
function mqttSection(input: FormPageInput): string {
  const t = TEXTS[input.lang];
  const echo = input.echo;
  const limit = FORM_LIMITS.MQTT_TEXT_MAX_CHARS;
  const text = (name: string, label: string, value: string, placeholder: string) =>
    `<label>${escapeHtml(label)}<input type="text" name="${name}" maxlength="${limit}" autocapitalize="none" autocomplete="off" ` +
    `placeholder="${escapeHtml(placeholder)}" value="${escapeHtml(value)}"></label>`;
  return (
    `<h2>${escapeHtml(t.sectionMqtt)}</h2><p class="hint">${escapeHtml(t.mqttIntro)}</p>` +
    text(FORM_FIELDS.mqttUrl, t.mqttUrl, echo?.mqttUrl ?? "", "mqtt://192.168.1.10:1883") +
    text(FORM_FIELDS.mqttUser, t.mqttUser, echo?.mqttUser ?? "", "") +
    `<label>${escapeHtml(t.mqttPassword)}<input type="password" name="${FORM_FIELDS.mqttPassword}" maxlength="${limit}" autocomplete="off"></label>` +
    `<p class="hint">${escapeHtml(t.mqttPasswordHint)}</p>` +
    text(FORM_FIELDS.mqttPrefix, t.mqttPrefix, echo?.mqttPrefix ?? "", DEFAULT_DISCOVERY_PREFIX)
  );
}

/**
 * The page as pieces (a section each; the QR's SVG, made once per code, is its own): the writer streams them, so
 * the page never exists whole on the XS heap (bench/web-heap: under its 24 KB target with the owner section).
 */
export function renderFormPage(input: FormPageInput): string[] {
  const t = TEXTS[input.lang];
  return [
    documentHead(input.lang, t.title),
    langSwitch(input.lang, "/") +
      `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>` +
      errorList(input.lang, input.errors ?? []) +
      `<form method="post" action="/save"><input type="hidden" name="lang" value="${input.lang}">` +
      `<h2>${escapeHtml(t.sectionWifi)}</h2>`,
    networkList(input),
    `<label>${escapeHtml(t.wifiPassword)}<input type="password" name="${FORM_FIELDS.wifiPassword}" maxlength="64" autocomplete="off"></label>` +
      `<p class="hint">${escapeHtml(t.wifiPasswordHint)}</p>` +
      `<h2>${escapeHtml(t.sectionHomeKit)}</h2>` +
      `<label>${escapeHtml(t.setupCode)}<input type="text" name="${FORM_FIELDS.setupCode}" class="code" inputmode="numeric" ` +
      `maxlength="10" value="${escapeHtml(input.setupCode)}"></label><p class="hint">${escapeHtml(t.setupCodeHint)}</p><div class="qr">`,
    input.qrSvg,
    `<p class="hint">${escapeHtml(t.qrCaption)}</p></div>` +
      `<h2>${escapeHtml(t.sectionMeter)}</h2><p>${escapeHtml(t.ticMode)}</p>${ticChoice(input.lang, input.echo?.ticMode ?? input.view.ticMode)}`,
    `<h2>${escapeHtml(t.sectionAp)}</h2><p>${escapeHtml(t.apName)} <b>${escapeHtml(input.view.apSsid)}</b></p>` +
      (input.view.apPasswordIsDefault ? `<p class="hint"><b>${escapeHtml(t.apDefaultWarning)}</b></p>` : "") +
      `<label>${escapeHtml(t.apPassword)}<input type="password" name="${FORM_FIELDS.apPassword}" maxlength="63" autocomplete="new-password"></label>` +
      `<label>${escapeHtml(t.apPasswordAgain)}<input type="password" name="${FORM_FIELDS.apPasswordAgain}" maxlength="63" autocomplete="new-password"></label>` +
      `<p class="hint">${escapeHtml(t.apPasswordHint)}</p>`,
    ownerSection(input),
    mqttSection(input) + `<button type="submit">${escapeHtml(t.save)}</button></form>`,
    DOCUMENT_TAIL,
  ];
}

export interface SavedPageInput {
  lang: Lang;
  ssid: string;
  setupCode: string;
  qrSvg: string;
}

export function renderSavedPage(input: SavedPageInput): string {
  const t = TEXTS[input.lang];
  const [open, close] = input.lang === "fr" ? ["« ", " »"] : ["“", "”"];
  const body =
    `<h1>${escapeHtml(t.savedTitle)}</h1>` +
    `<p>${escapeHtml(t.savedJoining)} ${open}<b>${escapeHtml(input.ssid)}</b>${close}.</p>` +
    `<p>${escapeHtml(t.savedSteps)} :</p><p class="code">${escapeHtml(input.setupCode)}</p>` +
    `<div class="qr">${input.qrSvg}</div><p class="hint">${escapeHtml(t.savedFallback)}</p>`;
  return documentOf(input.lang, t.savedTitle, body);
}

export function renderNotFoundPage(lang: Lang): string {
  const t = TEXTS[lang];
  return documentOf(lang, t.notFound, `<p>${escapeHtml(t.notFound)} <a href="/">${escapeHtml(t.title)}</a></p>`);
}
