// Renders the box's status page: mode, Tempo colours, meter, and every load with the reason it is on or off.
// Never writes a caller's or the owner's string into markup without escapeHtml; never puts a form on a page not logged in.

import { plugStatusLine } from "./plug-status";
import type { ControllerSnapshot, LoadSnapshot, Settings } from "../app/types";
import type { Lang } from "../text/i18n";
import type { MqttBridgeStatus } from "../mqtt/bridge";
import type { SourceStatus } from "../signals/poller";
import { signalsSection } from "../signals/status";
import { escapeHtml } from "../text/html";
import { localParts } from "../tariff/local-time";
import { clockText, intText, sinceText, untilText, whenText } from "../text/clock";
import { CSRF_FIELD } from "./guard";
import { COLOUR_TEXTS, FOLLOW_TEXTS, NOTICE_TEXTS, ORDER_TEXTS, OVERRIDE_TEXTS, WEB_TEXTS, type NoticeKey } from "./texts";
import { STATUS_TEXTS, fill } from "./status-texts";
import { loadWhy, offPeakEndMs, peakEndMs, sourceWords } from "./status-why";
import { managerLines } from "./status-manager";
import { documentPieces, hrefFor, navigation } from "./layout";
import { AUTH_TEXTS } from "./auth-texts";
import { energyLink } from "./energy-page";
import { victronSection } from "../victron/status-view";
import type { VictronStatus } from "../victron/victron-service";

export interface StatusPageInput {
  lang: Lang;
  snapshot: ControllerSnapshot | undefined;
  nowMs: number;
  /** The logged-in session's token: the page then carries the forms; without it the page only shows. */
  csrfToken?: string;
  notice?: NoticeKey;
  /** The MQTT link, when the box runs a bridge: its section shows only then. */
  mqtt?: MqttBridgeStatus;
  /** The Internet tariff sources, when the box polls any: their section shows only then. */
  signals?: SourceStatus[];
  /** The Victron GX and surplus links, when the box runs them. */
  victron?: VictronStatus;
  /** The settings in force: a water heater's target and probe, a heat pump's (their lines show only with them). */
  settings?: Settings;
}

/** What the page and GET /api/status call the link's state: one word a script can test. */
export type MqttShown = "off" | "bad-setting" | "connecting" | "connected" | "error";

export function mqttShown(status: MqttBridgeStatus): MqttShown {
  if (status.configError !== undefined) return "bad-setting";
  if (status.state === "online") return "connected";
  if (status.state === "connecting") return "connecting";
  if (status.state === "waiting") return "error";
  return "off";
}

/** Whole seconds until the next attempt (never negative: a timer due now says 0). */
export function mqttRetryInS(status: MqttBridgeStatus, nowMs: number): number | undefined {
  return status.state === "waiting" && status.retryAtMs !== undefined ? Math.max(0, Math.ceil((status.retryAtMs - nowMs) / 1000)) : undefined;
}

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;

/** "22:00" today, "24/11 22:00" on another day: French local time, as the tariff is. */
export function formatLocalTime(atMs: number, nowMs: number): string {
  const at = localParts(atMs);
  const now = localParts(nowMs);
  const time = `${pad2(at.hour)}:${pad2(at.minute)}`;
  return at.year === now.year && at.month === now.month && at.day === now.day ? time : `${pad2(at.day)}/${pad2(at.month)} ${time}`;
}

function hidden(lang: Lang, csrfToken: string): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrfToken)}"><input type="hidden" name="lang" value="${lang}">`;
}

function loginHint(lang: Lang): string {
  return `<p class="hint"><a href="${hrefFor("/login", lang)}">${escapeHtml(AUTH_TEXTS[lang].loginLink)}</a></p>`;
}

function modeSection(input: StatusPageInput, s: ControllerSnapshot): string {
  const t = WEB_TEXTS[input.lang];
  const heat = s.mode === "HEAT";
  const until = heat && s.heatUntilMs !== null ? ` ${escapeHtml(untilText(input.lang, s.heatUntilMs, input.nowMs))}` : "";
  const state =
    `<h2>${escapeHtml(t.sectionMode)}</h2><p class="mode m-${s.mode}" id="mode" data-mode="${s.mode}">` +
    `${escapeHtml(heat ? t.modeHEAT : t.modeAUTO)}${until}</p>`;
  if (input.csrfToken === undefined) return state + loginHint(input.lang);
  return (
    state +
    `<form method="post" action="/mode">${hidden(input.lang, input.csrfToken)}` +
    `<input type="hidden" name="mode" value="${heat ? "AUTO" : "HEAT"}">` +
    `<button type="submit" id="mode-switch">${escapeHtml(heat ? t.toAuto : t.toHeat)}</button></form>`
  );
}

/** Today's colour and period (until when), where they came from, tomorrow's colour, and any doubt, in words. */
function tariffSection(input: StatusPageInput, s: ControllerSnapshot): string {
  const lang = input.lang;
  const t = WEB_TEXTS[lang];
  const st = STATUS_TEXTS[lang];
  const c = COLOUR_TEXTS[lang];
  const tariff = s.tariff;
  const endMs = tariff.period === "hp" ? peakEndMs(input.nowMs) : offPeakEndMs(input.nowMs);
  const periodWords = tariff.period === "hp" ? t.hp : t.hc;
  const period = endMs !== undefined ? fill(st.periodUntil, { period: periodWords, until: untilText(lang, endMs, input.nowMs) }) : periodWords;
  // The template is escaped, then the colour's markup and the escaped period put in: no text reaches markup unescaped.
  const colour = `<span class="c c-${tariff.colour}" id="today">${escapeHtml(c[tariff.colour])}</span>`;
  let html = `<h2>${escapeHtml(t.sectionTariff)}</h2><p>${fill(escapeHtml(st.todayLine), { colour, period: escapeHtml(period) })}</p>`;
  const from = sourceWords(lang, tariff.source);
  if (from !== undefined) html += `<p class="hint" id="today-source">${escapeHtml(fill(st.colourGiven, { colour: from }))}</p>`;
  const tomorrow = tariff.tomorrow === "unknown" ? st.tomorrowUnknown : c[tariff.tomorrow];
  html += `<p>${escapeHtml(t.tomorrow)}${lang === "fr" ? " : " : ": "}<span class="c c-${tariff.tomorrow}" id="tomorrow">${escapeHtml(tomorrow)}</span></p>`;
  if (tariff.suspicious.length > 0) html += `<p class="warn" id="suspicious">${escapeHtml(st.suspicious)}</p>`;
  return html;
}

/** The silent meter as an alert (the page's first thing after the clock), or nothing while it speaks. */
function meterAlert(input: StatusPageInput, s: ControllerSnapshot): string {
  if (s.meter.status !== "lost") return "";
  const st = STATUS_TEXTS[input.lang];
  const text = s.meter.lastFrameMs !== null ? fill(st.meterLost, { since: sinceText(input.lang, s.meter.lastFrameMs, input.nowMs) }) : st.meterLostNever;
  return `<p class="alert" role="alert" id="meter-alert">${escapeHtml(text)}</p>`;
}

/** The time now and of the meter's last data: the page says how fresh what it shows is. */
function clockLine(input: StatusPageInput, s: ControllerSnapshot): string {
  const st = STATUS_TEXTS[input.lang];
  const last = s.meter.lastFrameMs !== null ? fill(st.lastData, { at: whenText(input.lang, s.meter.lastFrameMs, input.nowMs) }) : st.noData;
  return `<p class="hint" id="clock">${escapeHtml(fill(st.clock, { now: clockText(input.lang, input.nowMs) }))} · ${escapeHtml(last)}</p>`;
}

function meterSection(input: StatusPageInput, s: ControllerSnapshot): string {
  const t = WEB_TEXTS[input.lang];
  const st = STATUS_TEXTS[input.lang];
  const m = s.meter;
  const share = m.powerVA === null || m.limitVA <= 0 ? 0 : Math.min(100, Math.round((m.powerVA * 100) / m.limitVA));
  const power =
    m.powerVA !== null
      ? fill(st.power, { power: intText(input.lang, m.powerVA), limit: intText(input.lang, m.limitVA) })
      : m.status === "waiting"
        ? st.meterWaiting
        : st.powerUnknown;
  let html =
    `<h2>${escapeHtml(t.sectionMeter)}</h2><p id="power" data-known="${m.powerVA !== null}">${escapeHtml(power)}</p>` +
    (m.powerVA !== null ? `<div class="bar"><div style="width:${share}%"></div></div>` : "");
  if (s.overload.unresolved) html += `<p class="alert" role="alert">${escapeHtml(t.overloadUnresolved)}</p>`;
  else if (s.overload.active) html += `<p class="warn">${escapeHtml(t.overload)}</p>`;
  return html;
}

/** The MQTT link: connected / connecting / offline with the reason and the next try / off; then its counters. */
function mqttSection(lang: Lang, status: MqttBridgeStatus, nowMs: number): string {
  const t = WEB_TEXTS[lang];
  const shown = mqttShown(status);
  const broker = status.broker !== undefined ? ` ${escapeHtml(status.broker)}` : "";
  let line: string;
  if (shown === "bad-setting") line = `${escapeHtml(t.mqttBadSetting)} — <span class="detail">${escapeHtml(status.configError ?? "")}</span>`;
  else if (shown === "connected") line = `${escapeHtml(t.mqttOnline)}${broker}`;
  else if (shown === "connecting") line = `${escapeHtml(t.mqttConnecting)}${broker}…`;
  else if (shown === "error") {
    line = `${escapeHtml(t.mqttError)}${broker} — <span class="detail">${escapeHtml(status.error ?? "")}</span>` +
      ` · ${escapeHtml(t.mqttRetryIn)} ${mqttRetryInS(status, nowMs) ?? 0} s`;
  } else line = escapeHtml(t.mqttOff);
  const cls = shown === "connected" ? "ok" : shown === "error" || shown === "bad-setting" ? "warn" : "hint";
  let html = `<h2>${escapeHtml(t.sectionMqtt)}</h2><p class="${cls}" id="mqtt" data-mqtt="${shown}">${line}</p>`;
  const follow = status.follow;
  if (follow !== undefined) {
    const words = FOLLOW_TEXTS[lang];
    const loads = Object.keys(follow.loads).map((id) => `${escapeHtml(id)} : ${escapeHtml(words[follow.loads[id]] ?? follow.loads[id])}`).join(" · ");
    html += `<p id="mqtt-follow" data-leader="${follow.leader}">${escapeHtml(t.mqttFollows)} <b>${escapeHtml(follow.leaderBase)}</b> ` +
      `(${escapeHtml(t.mqttLeader)} : ${escapeHtml(words[follow.leader] ?? follow.leader)})${loads !== "" ? ` — ${loads}` : ""}</p>`;
  }
  if (status.connects > 0 || status.commands > 0) {
    html += `<p class="hint">${escapeHtml(t.mqttSent)} ${status.sent} · ${escapeHtml(t.mqttDropped)} ${status.dropped} · ` +
      `${escapeHtml(t.mqttCommands)} ${status.commands} · ${escapeHtml(t.mqttRejected)} ${status.rejected}</p>`;
  }
  return html;
}

function overrideForm(input: StatusPageInput, load: LoadSnapshot): string {
  if (input.csrfToken === undefined) return "";
  const t = WEB_TEXTS[input.lang];
  const o = OVERRIDE_TEXTS[input.lang];
  let options = "";
  for (const value of ["auto", "on", "off"] as const) {
    options += `<option value="${value}"${value === load.override ? " selected" : ""}>${escapeHtml(o[value])}</option>`;
  }
  return (
    `<form method="post" action="/loads/${encodeURIComponent(load.id)}/override" class="row">${hidden(input.lang, input.csrfToken)}` +
    `<label>${escapeHtml(t.override)} <select name="override">${options}</select></label>` +
    `<label>${escapeHtml(t.forHours)} <input type="number" name="hours" min="0.25" max="168" step="0.25" inputmode="decimal" placeholder="${escapeHtml(t.noEnd)}"></label>` +
    `<button type="submit">${escapeHtml(t.apply)}</button></form>`
  );
}

function loadCard(input: StatusPageInput, s: ControllerSnapshot, load: LoadSnapshot): string {
  const lang = input.lang;
  const t = WEB_TEXTS[lang];
  const hint = fill(STATUS_TEXTS[lang].loadHint, { priority: String(load.priority), power: intText(lang, load.nominalPowerW) });
  const order = load.order !== undefined ? ` · ${escapeHtml(t.order)} ${escapeHtml(ORDER_TEXTS[lang][load.order])}` : "";
  const why = loadWhy(lang, load, s, input.nowMs);
  let lines = "";
  for (const line of why.lines) lines += `<p class="hint because">${escapeHtml(line)}</p>`;
  const overrideText =
    load.override === "auto"
      ? ""
      : `<p class="warn">${escapeHtml(OVERRIDE_TEXTS[lang][load.override])}` +
        (load.overrideUntilMs !== undefined ? ` ${escapeHtml(untilText(lang, load.overrideUntilMs, input.nowMs))}` : "") +
        `</p>`;
  return (
    `<section class="load" data-load="${escapeHtml(load.id)}" data-on="${load.on}">` +
    `<h3><span class="name">${escapeHtml(load.name)}</span> <span class="st ${load.on ? "on" : "off"}">${escapeHtml(load.on ? t.on : t.off)}</span></h3>` +
    `<p class="hint">${escapeHtml(hint)}${order}</p>` +
    `<p class="why"><b class="reason" data-reason="${load.reason}"${load.held !== undefined ? ` data-held="${load.held.by}"` : ""}` +
    `${why.untilMs !== undefined ? ` data-until="${why.untilMs}"` : ""}>${escapeHtml(why.headline)}</b></p>` +
    lines +
    managerLines(lang, load, s, input.settings, input.nowMs) +
    plugStatusLine(lang, load) +
    overrideText +
    overrideForm(input, load) +
    `</section>`
  );
}

/** The page as pieces (a section or a load card each): the writer streams them, so it never exists whole. */
export function renderStatusPage(input: StatusPageInput): string[] {
  const t = WEB_TEXTS[input.lang];
  const s = input.snapshot;
  const body = [navigation(input.lang, "/", input.csrfToken) + `<h1>${escapeHtml(t.title)}</h1>`];
  if (input.notice !== undefined) {
    const bad = input.notice.startsWith("refused");
    body.push(`<p class="${bad ? "err" : "ok"}" role="status" id="notice">${escapeHtml(NOTICE_TEXTS[input.lang][input.notice])}</p>`);
  }
  if (s === undefined) {
    body.push(`<p>${escapeHtml(t.starting)}</p>`);
    return documentPieces(input.lang, t.title, body, true);
  }
  body.push(clockLine(input, s) + meterAlert(input, s), modeSection(input, s), tariffSection(input, s), meterSection(input, s), `<h2>${escapeHtml(t.sectionLoads)}</h2>`);
  if (s.loads.length === 0) body.push(`<p>${escapeHtml(t.noLoads)}</p>`);
  for (const load of s.loads) body.push(loadCard(input, s, load));
  body.push(energyLink(input.lang));
  if (input.mqtt !== undefined) body.push(mqttSection(input.lang, input.mqtt, input.nowMs));
  if (input.victron !== undefined) body.push(victronSection(input.lang, input.victron));
  if (input.signals !== undefined) body.push(signalsSection(input.lang, s, input.signals));
  body.push(`<p class="hint">${escapeHtml(t.refreshHint)} <a href="${hrefFor("/", input.lang)}">↻</a></p>`);
  return documentPieces(input.lang, t.title, body, true);
}
