// The box's web page and JSON API routing: request in, response out, commands through the WebBox.
// Never does socket IO and never throws on a request; a change needs the owner's login (or token) and a same-site origin.

import type { HttpRequest } from "../../lib/http";
import type { LoadOverride, OwnerMode } from "../app/types";
import type { OwnerAuth } from "../auth/owner-auth";
import type { Session } from "../auth/sessions";
import { decodeForm } from "../net/form";
import { pickLang, type Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { accessOf, writeCheck, type Access } from "./access";
import { isAccountNotice } from "./account-page";
import { handleApi } from "./api";
import { accountPage, loginPage, postCreateToken, postFirstPassword, postLogin, postLogout, postPasswordChange, postRevokeToken } from "./auth-routes";
import type { WebBox } from "./box";
import type { EventStream } from "./events";
import { CSRF_FIELD, hostAllowed, hostRepeated, originAllowed, type BoxNames } from "./guard";
import { documentOf, hrefFor, type PagePath } from "./layout";
import { loginNext } from "./login-page";
import { html, type WebAnswer, type WebResponse } from "./response";
import { echoOf, settingsFromForm, SETTINGS_FORM_MAX_FIELDS } from "./settings-form";
import { renderSettingsPage } from "./settings-page";
import { renderStatusPage } from "./status-page";
import { renderEnergyPage } from "./energy-page";
import { isNoticeKey, WEB_TEXTS, type NoticeKey } from "./texts";

export { html, type WebAnswer, type WebResponse } from "./response";

export interface WebContext {
  box: WebBox;
  /** The owner's password, sessions and tokens: every change needs one of them. */
  auth: OwnerAuth;
  /** The box's own mDNS name and names the shell adds, besides IP literals and localhost. */
  names?: BoxNames;
  /** The API's event stream (GET /api/events), when the server runs one. */
  events?: EventStream;
}

export const OVERRIDE_MAX_HOURS = 168;
const HOUR_MS = 3_600_000;
const OVERRIDE_PATH = /^\/loads\/([a-z0-9][a-z0-9_-]{0,31})\/override$/;
const REVOKE_PATH = /^\/account\/tokens\/([0-9a-f]{8})\/revoke$/;

function seeOther(location: string): WebResponse {
  return html(303, "", { Location: location });
}

function plainPage(status: WebResponse["status"], lang: Lang, text: string): WebResponse {
  return html(status, documentOf(lang, WEB_TEXTS[lang].title, `<p>${escapeHtml(text)} <a href="${hrefFor("/", lang)}">${escapeHtml(WEB_TEXTS[lang].title)}</a></p>`));
}

function backToStatus(lang: Lang, notice: NoticeKey): WebResponse {
  return seeOther(hrefFor("/", lang, `&notice=${notice}`));
}

/** The page a login should lead back to after a refused form post. */
function pageOf(path: string): PagePath {
  return path === "/settings" ? "/settings" : path.startsWith("/account") ? "/account" : "/";
}

/**
 * In order: one Host naming this box, or nothing is served; the API; reading pages (the status page is open, the
 * settings and access pages need a login); the login forms; then every other form needs a login session, its
 * CSRF token and a same-origin Origin — without a session the login page answers and nothing changes.
 */
export function routeWebRequest(request: HttpRequest, context: WebContext): WebAnswer {
  const queryLang = pickLang(request.query["lang"], request.headers["accept-language"]);
  if (hostRepeated(request)) return plainPage(400, queryLang, WEB_TEXTS[queryLang].badRequest);
  if (!hostAllowed(request.headers["host"], context.names)) return plainPage(403, queryLang, WEB_TEXTS[queryLang].forbidden);
  const access = accessOf(request, context.auth);
  if (request.path.startsWith("/api/")) return handleApi(request, context, access);
  const isPost = request.method === "POST";
  if (!isPost && request.method !== "GET") return html(405, "", { Allow: "GET, POST" });
  if (!isPost) return page(request, context, queryLang, access);

  const fields = decodeForm(request.body, SETTINGS_FORM_MAX_FIELDS);
  const lang = pickLang(fields["lang"], request.headers["accept-language"]);
  if (request.path === "/login" || request.path === "/setup-password") {
    // No credential yet, but a login form posted from another site is still refused (it could pick the password).
    if (!originAllowed(request.headers["origin"], request.headers["host"])) return plainPage(403, lang, WEB_TEXTS[lang].forbidden);
    return request.path === "/login" ? postLogin(fields, context, lang) : postFirstPassword(fields, context, lang);
  }
  if (access.kind !== "session") return loginPage(401, lang, context, pageOf(request.path));
  if (writeCheck(access, request, fields[CSRF_FIELD]) !== "ok") return plainPage(403, lang, WEB_TEXTS[lang].forbidden);
  const session = access.session;
  if (request.path === "/logout") return postLogout(session, context, lang);
  if (request.path === "/mode") return postMode(fields, context, lang);
  if (request.path === "/settings") return postSettings(fields, context, lang, session);
  if (request.path === "/account/password") return postPasswordChange(session, fields, context, lang);
  if (request.path === "/account/tokens") return postCreateToken(session, fields, context, lang);
  const revoke = REVOKE_PATH.exec(request.path);
  if (revoke) return postRevokeToken(revoke[1], context, lang);
  const override = OVERRIDE_PATH.exec(request.path);
  if (override) return postOverride(override[1], fields, context, lang);
  return plainPage(404, lang, WEB_TEXTS[lang].notFound);
}

function page(request: HttpRequest, context: WebContext, lang: Lang, access: Access): WebResponse {
  const session = access.kind === "session" ? access.session : undefined;
  if (request.path === "/" || request.path === "/index.html") {
    const notice = request.query["notice"];
    return html(200, renderStatusPage({ lang, snapshot: context.box.snapshot(), nowMs: context.box.nowMs(), csrfToken: session?.csrfToken, notice: isNoticeKey(notice) ? notice : undefined, mqtt: context.box.mqtt?.(), victron: context.box.victron?.(), signals: context.box.signals?.(), settings: context.box.settings() }));
  }
  if (request.path === "/energy") return html(200, renderEnergyPage({ lang, nowMs: context.box.nowMs(), monitor: context.box.energy?.(), loadNames: loadNamesOf(context) }));
  if (request.path === "/login") {
    const next = loginNext(request.query["next"]);
    return session !== undefined ? seeOther(hrefFor(next, lang)) : loginPage(200, lang, context, next);
  }
  if (request.path === "/settings") {
    // The settings are the box's wiring: shown to the logged-in owner only, like every change.
    if (session === undefined) return loginPage(401, lang, context, "/settings");
    return html(200, renderSettingsPage({ lang, settings: context.box.settings(), csrfToken: session.csrfToken, saved: request.query["saved"] === "1" }));
  }
  if (request.path === "/account") {
    if (session === undefined) return loginPage(401, lang, context, "/account");
    const notice = request.query["notice"];
    return accountPage(200, session, context, lang, { notice: isAccountNotice(notice) ? notice : undefined });
  }
  const postOnly = request.path === "/mode" || request.path === "/logout" || request.path === "/setup-password" || request.path.startsWith("/loads/") || request.path.startsWith("/account/");
  if (postOnly) return html(405, "", { Allow: "POST" });
  return plainPage(404, lang, WEB_TEXTS[lang].notFound);
}

function loadNamesOf(context: WebContext): Record<string, string> {
  const names: Record<string, string> = {};
  for (const load of context.box.settings().loads) names[load.id] = load.name;
  return names;
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

function postSettings(fields: Record<string, string>, context: WebContext, lang: Lang, session: Session): WebResponse {
  const settings = context.box.settings();
  const checked = settingsFromForm(fields, settings);
  if (!checked.ok) {
    return html(400, renderSettingsPage({ lang, settings, csrfToken: session.csrfToken, errors: checked.errors, echo: echoOf(fields) }));
  }
  const result = context.box.command({ type: "settings", patch: checked.settings });
  if (result.refused !== undefined) {
    return html(400, renderSettingsPage({ lang, settings, csrfToken: session.csrfToken, errors: [{ field: "settings", message: result.refused }], echo: echoOf(fields) }));
  }
  return seeOther(hrefFor("/settings", lang, "&saved=1"));
}
