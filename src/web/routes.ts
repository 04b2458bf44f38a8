// The box's web page and JSON API routing: request in, response out, commands through the WebBox.
// Never does socket IO and never throws on a request; a change needs this boot's CSRF token and a same-site origin.

import type { HttpRequest } from "../../lib/http";
import type { LoadOverride, OwnerMode } from "../app/types";
import { decodeForm } from "../net/form";
import { pickLang, type Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { handleApi } from "./api";
import type { WebBox } from "./box";
import { CSRF_FIELD, hostAllowed, originAllowed, tokenMatches } from "./guard";
import { documentOf, hrefFor } from "./layout";
import { echoOf, settingsFromForm, SETTINGS_FORM_MAX_FIELDS } from "./settings-form";
import { renderSettingsPage } from "./settings-page";
import { renderStatusPage } from "./status-page";
import { isNoticeKey, WEB_TEXTS, type NoticeKey } from "./texts";

export interface WebResponse {
  status: 200 | 303 | 400 | 403 | 404 | 405 | 409;
  headers: Record<string, string>;
  /** A page, or its pieces (the settings page: it is never joined on the device). */
  body: string | readonly string[];
}

export interface WebContext {
  box: WebBox;
  csrfToken: string;
  /** Host names besides IP literals, localhost and *.local that reach this box (e.g. a router's DNS name). */
  extraHostNames?: readonly string[];
}

/** Every page forbids scripts, frames and outside loads: if escaping ever failed, nothing could still run. */
const HTML_HEADERS = Object.freeze({
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  Connection: "close",
});

export const OVERRIDE_MAX_HOURS = 168;
const HOUR_MS = 3_600_000;
const OVERRIDE_PATH = /^\/loads\/([a-z0-9][a-z0-9_-]{0,31})\/override$/;

export function html(status: WebResponse["status"], body: WebResponse["body"], extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { ...HTML_HEADERS, ...extra }, body };
}

function seeOther(location: string): WebResponse {
  return html(303, "", { Location: location });
}

function plainPage(status: WebResponse["status"], lang: Lang, text: string): WebResponse {
  return html(status, documentOf(lang, WEB_TEXTS[lang].title, `<p>${escapeHtml(text)} <a href="${hrefFor("/", lang)}">${escapeHtml(WEB_TEXTS[lang].title)}</a></p>`));
}

function backToStatus(lang: Lang, notice: NoticeKey): WebResponse {
  return seeOther(hrefFor("/", lang, `&notice=${notice}`));
}

export function routeWebRequest(request: HttpRequest, context: WebContext): WebResponse {
  const queryLang = pickLang(request.query["lang"], request.headers["accept-language"]);
  if (!hostAllowed(request.headers["host"], context.extraHostNames)) return plainPage(403, queryLang, WEB_TEXTS[queryLang].forbidden);
  if (request.path.startsWith("/api/")) return handleApi(request, context);
  const isPost = request.method === "POST";
  if (!isPost && request.method !== "GET") return html(405, "", { Allow: "GET, POST" });
  if (!isPost) return page(request, context, queryLang);

  const fields = decodeForm(request.body, SETTINGS_FORM_MAX_FIELDS);
  const lang = pickLang(fields["lang"], request.headers["accept-language"]);
  if (!tokenMatches(fields[CSRF_FIELD], context.csrfToken) || !originAllowed(request.headers["origin"], request.headers["host"])) {
    return plainPage(403, lang, WEB_TEXTS[lang].forbidden);
  }
  if (request.path === "/mode") return postMode(fields, context, lang);
  if (request.path === "/settings") return postSettings(fields, context, lang);
  const override = OVERRIDE_PATH.exec(request.path);
  if (override) return postOverride(override[1], fields, context, lang);
  return plainPage(404, lang, WEB_TEXTS[lang].notFound);
}

function page(request: HttpRequest, context: WebContext, lang: Lang): WebResponse {
  if (request.path === "/" || request.path === "/index.html") {
    const notice = request.query["notice"];
    return html(200, renderStatusPage({ lang, snapshot: context.box.snapshot(), nowMs: context.box.nowMs(), csrfToken: context.csrfToken, notice: isNoticeKey(notice) ? notice : undefined }));
  }
  if (request.path === "/settings") {
    return html(200, renderSettingsPage({ lang, settings: context.box.settings(), csrfToken: context.csrfToken, saved: request.query["saved"] === "1" }));
  }
  if (request.method === "GET" && (request.path === "/mode" || request.path.startsWith("/loads/"))) return html(405, "", { Allow: "POST" });
  return plainPage(404, lang, WEB_TEXTS[lang].notFound);
}

function postMode(fields: Record<string, string>, context: WebContext, lang: Lang): WebResponse {
  const mode = fields["mode"];
  if (mode !== "AUTO" && mode !== "HEAT") return backToStatus(lang, "refused");
  const result = context.box.command({ type: "mode-request", mode: mode as OwnerMode, source: "web" });
  if (result.refused !== undefined) return backToStatus(lang, result.refused === "red_peak" ? "refused-red" : "refused");
  return backToStatus(lang, mode === "HEAT" ? "heat" : "auto");
}

/** Hours from the form: empty means "until changed back"; anything else must be a number of hours in range. */
export function overrideUntilMs(hoursText: string | undefined, nowMs: number): number | undefined | "bad" {
  const text = (hoursText ?? "").trim();
  if (text === "") return undefined;
  const hours = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(hours > 0 && hours <= OVERRIDE_MAX_HOURS)) return "bad";
  return nowMs + Math.round(hours * HOUR_MS);
}

function postOverride(loadId: string, fields: Record<string, string>, context: WebContext, lang: Lang): WebResponse {
  const override = fields["override"];
  if (override !== "auto" && override !== "on" && override !== "off") return backToStatus(lang, "refused");
  const untilMs = override === "auto" ? undefined : overrideUntilMs(fields["hours"], context.box.nowMs());
  if (untilMs === "bad") return backToStatus(lang, "refused");
  const event = { type: "load-override" as const, loadId, override: override as LoadOverride, ...(untilMs !== undefined ? { untilMs } : {}) };
  const result = context.box.command(event);
  return backToStatus(lang, result.refused !== undefined ? "refused" : "override");
}

function postSettings(fields: Record<string, string>, context: WebContext, lang: Lang): WebResponse {
  const settings = context.box.settings();
  const checked = settingsFromForm(fields, settings);
  if (!checked.ok) {
    return html(400, renderSettingsPage({ lang, settings, csrfToken: context.csrfToken, errors: checked.errors, echo: echoOf(fields) }));
  }
  const result = context.box.command({ type: "settings", patch: checked.settings });
  if (result.refused !== undefined) {
    return html(400, renderSettingsPage({ lang, settings, csrfToken: context.csrfToken, errors: [{ field: "settings", message: result.refused }], echo: echoOf(fields) }));
  }
  return seeOther(hrefFor("/settings", lang, "&saved=1"));
}
