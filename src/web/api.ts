// The box's JSON API: status, login, tokens, mode, load overrides and settings, for scripts and home automation on the LAN.
// Never throws on a body, never changes anything without the owner's credential, never applies an unvalidated setting.

import { signalsJson } from "../signals/status";
import type { HttpRequest } from "../../lib/http";
import { utf8Decode } from "../../lib/bytes";
import { SETTINGS_FIELDS } from "../settings/table";
import { validateSettings } from "../settings/validate";
import { loadsWithoutSecrets, withKeptSecrets } from "../plugs/config";
import type { LoadOverride, Settings } from "../app/types";
import type { CheckRefusal, NewPasswordRefusal } from "../auth/owner-auth";
import { SESSION_LIMITS, type Session } from "../auth/sessions";
import { writeCheck, type Access } from "./access";
import { CSRF_HEADER, sessionCookie } from "./guard";
import type { WebAnswer, WebResponse } from "./response";
import type { WebContext } from "./routes";
import type { MqttBridgeStatus } from "../mqtt/bridge";
import { mqttRetryInS, mqttShown } from "./status-page";
import { handleManagerApi, isManagerPath } from "./api-manager";
import { energyApi, ENERGY_API_PATHS } from "./energy-api";
import { victronJson } from "../victron/status-view";
import { jsonText } from "../../lib/json";

const JSON_HEADERS = Object.freeze({
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  Connection: "close",
});

const OVERRIDE_PATH = /^\/api\/loads\/([^/]{1,64})\/override$/;
const TOKEN_PATH = /^\/api\/tokens\/([^/]{1,64})$/;
/** Methods per fixed path (the override path takes POST, a token's path DELETE). */
const API_METHODS: Readonly<Record<string, string>> = Object.freeze({
  "/api/status": "GET",
  "/api/login": "POST",
  "/api/logout": "POST",
  "/api/password": "POST",
  "/api/tokens": "GET, POST",
  "/api/mode": "POST",
  "/api/settings": "GET, PUT",
  "/api/energy": "GET",
  "/api/history": "GET",
});
/** A week: longer overrides are a forgotten setting, not an intention. */
export const API_OVERRIDE_MAX_MS = 7 * 24 * 3_600_000;
const SESSION_MAX_AGE_S = Math.floor(SESSION_LIMITS.lifetimeMs / 1000);

export function json(status: WebResponse["status"], value: unknown, extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: jsonText(value) };
}

export function fieldError(status: WebResponse["status"], field: string, message: string, extra: Record<string, string> = {}): WebResponse {
  return json(status, { errors: [{ field, message }] }, extra);
}

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: WebResponse };

/** The body as a JSON object, or the response that refuses it. */
export function objectBody(request: HttpRequest): BodyResult {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(request.body));
  } catch {
    return { ok: false, response: fieldError(400, "body", "must be JSON") };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, response: fieldError(400, "body", "must be a JSON object") };
  return { ok: true, value: value as Record<string, unknown> };
}

export function unauthenticated(access: Access): WebResponse {
  const message = access.kind === "bad-token" ? "unknown or revoked token" : "log in (POST /api/login) or send Authorization: Bearer <token>";
  return fieldError(401, "authorization", message, { "WWW-Authenticate": 'Bearer realm="delesteur"' });
}

/** A session's answer: its CSRF token for the X-CSRF-Token header, and its cookie. */
function sessionAnswer(session: Session, extra: Record<string, unknown> = {}): WebResponse {
  return json(200, { ...extra, csrfToken: session.csrfToken, expiresMs: session.expiresMs }, { "Set-Cookie": sessionCookie(session.id, SESSION_MAX_AGE_S) });
}

function checkRefused(result: CheckRefusal | NewPasswordRefusal, field: string): WebResponse {
  switch (result.reason) {
    case "wrong":
      return json(401, { errors: [{ field, message: "wrong password" }], retryAfterMs: result.waitMs });
    case "wait":
      return json(429, { errors: [{ field, message: `too many failed attempts: retry in ${Math.ceil(result.waitMs / 1000)} s` }], retryAfterMs: result.waitMs }, { "Retry-After": String(Math.ceil(result.waitMs / 1000)) });
    case "busy":
      return json(429, { errors: [{ field, message: "a password check is running: retry in a moment" }], retryAfterMs: 1000 }, { "Retry-After": "1" });
    case "no-password":
      return fieldError(409, field, "no owner password yet: choose one on the settings page or in the set-up portal");
    case "already-set":
      return fieldError(409, field, "a password is already set");
    case "mismatch":
      return fieldError(400, "password", "the two entries differ");
    case "too-short":
      return fieldError(400, "password", "must be at least 8 characters");
    case "too-long":
      return fieldError(400, "password", "must be at most 128 characters");
  }
}

function stringField(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  return typeof value === "string" ? value : "";
}

async function apiLogin(request: HttpRequest, context: WebContext): Promise<WebResponse> {
  const body = objectBody(request);
  if (!body.ok) return body.response;
  const result = await context.auth.login(stringField(body.value, "password"));
  return result.ok ? sessionAnswer(result.session) : checkRefused(result, "password");
}

async function apiPasswordChange(input: Record<string, unknown>, context: WebContext): Promise<WebResponse> {
  const result = await context.auth.changePassword(stringField(input, "current"), stringField(input, "password"));
  if (!result.ok) return checkRefused(result, "current");
  return sessionAnswer(result.session, { revoked: result.revoked });
}

/**
 * The MQTT link for scripts: the page's state word, the broker's host:port (never credentials), why it is down and
 * when it tries again, and the bridge's counters (absent from the status when the box runs no bridge).
 */
function mqttJson(status: MqttBridgeStatus, nowMs: number): Record<string, unknown> {
  const out: Record<string, unknown> = { state: mqttShown(status), enabled: status.enabled };
  if (status.broker !== undefined) out.broker = status.broker;
  const error = status.configError ?? status.error;
  if (error !== undefined && status.state !== "online") out.error = error;
  const retryInS = mqttRetryInS(status, nowMs);
  if (retryInS !== undefined) out.retryInS = retryInS;
  out.connects = status.connects;
  out.sent = status.sent;
  out.dropped = status.dropped;
  out.commands = status.commands;
  out.rejected = status.rejected;
  if (status.follow !== undefined) out.follow = status.follow;
  return out;
}

/**
 * In order: the path and method; the status is open; a login needs only the password; everything else needs a
 * credential (401 without); a change also needs a same-origin Origin and, for a session, its CSRF token (403).
 */
export function handleApi(request: HttpRequest, context: WebContext, access: Access): WebAnswer {
  const { box, auth } = context;
  const path = request.path;
  // The energy manager's routes (issue #14) live in their own file.
  if (isManagerPath(path)) return handleManagerApi(request, context, access);
  const allowed = OVERRIDE_PATH.test(path) ? "POST" : TOKEN_PATH.test(path) ? "DELETE" : Object.prototype.hasOwnProperty.call(API_METHODS, path) ? API_METHODS[path] : undefined;
  if (allowed === undefined) return fieldError(404, "path", "no such API");
  if (allowed.split(", ").indexOf(request.method) < 0) return json(405, { errors: [{ field: "method", message: `use ${allowed}` }] }, { Allow: allowed });
  // Reading the status stays open on the LAN, as the page is; it carries no token of any kind.
  if (path === "/api/status") {
    const mqtt = box.mqtt?.();
    const body: Record<string, unknown> = mqtt === undefined ? { nowMs: box.nowMs(), status: box.snapshot() ?? null } : { nowMs: box.nowMs(), status: box.snapshot() ?? null, mqtt: mqttJson(mqtt, box.nowMs()) };
    const victron = box.victron?.();
    if (victron !== undefined) body.victron = victronJson(victron);
    const signals = box.signals?.();
    if (signals !== undefined) body.signals = signalsJson(signals);
    return json(200, body);
  }
  if (ENERGY_API_PATHS.indexOf(path) >= 0) return energyApi(path, box, json);
  if (path === "/api/login") return apiLogin(request, context);

  if (access.kind === "none" || access.kind === "bad-token") return unauthenticated(access);
  if (request.method === "GET") return path === "/api/tokens" ? json(200, { tokens: auth.tokens() }) : json(200, withoutSecrets(box.settings()));
  const check = writeCheck(access, request, request.headers[CSRF_HEADER]);
  if (check === "unauthenticated") return unauthenticated(access);
  if (check === "forbidden") return fieldError(403, CSRF_HEADER, "missing or stale token: POST /api/login gives the session's token");

  if (path === "/api/logout") {
    if (access.kind !== "session") return fieldError(400, "authorization", "a token is revoked with DELETE /api/tokens/<id>, not logged out");
    auth.logout(access.session.id);
    return json(200, { loggedOut: true }, { "Set-Cookie": sessionCookie("", 0) });
  }
  const token = TOKEN_PATH.exec(path);
  if (token) return auth.revokeToken(token[1]) ? json(200, { revoked: token[1] }) : fieldError(404, "id", "no such token");

  const body = objectBody(request);
  if (!body.ok) return body.response;
  const input = body.value;

  if (path === "/api/password") return apiPasswordChange(input, context);
  if (path === "/api/tokens") {
    // A token is minted only by the owner's login, so a leaked token cannot make itself successors.
    if (access.kind !== "session") return fieldError(403, "authorization", "tokens are created from a login session");
    const created = auth.createToken(stringField(input, "name"));
    if (!created.ok) return fieldError(created.reason === "full" ? 409 : 400, "name", created.reason === "full" ? "8 tokens at most: revoke one first" : `bad name (${created.reason}): 1 to 32 printable characters`);
    return json(200, { token: created.token, ...created.info });
  }

  if (path === "/api/mode") {
    if (input.mode !== "AUTO" && input.mode !== "HEAT") return fieldError(400, "mode", "must be AUTO or HEAT");
    const result = box.command({ type: "mode-request", mode: input.mode, source: "web" });
    const snapshot = box.snapshot();
    if (result.refused !== undefined) return json(409, { refused: result.refused, mode: snapshot?.mode ?? "AUTO" });
    return json(200, { mode: snapshot?.mode ?? input.mode, heatUntilMs: snapshot?.heatUntilMs ?? null });
  }

  if (path === "/api/settings") {
    // Top-level fields replace the current ones (loads as a whole list); the result is validated as a whole.
    // A plug's password left out (GET never shows it) is kept for the same device (src/plugs/config.ts).
    const posted = input.loads === undefined ? input : { ...input, loads: withKeptSecrets(input.loads, box.settings().loads) };
    const checked = validateSettings({ ...box.settings(), ...posted });
    if (!checked.ok) return json(400, { errors: checked.errors });
    const result = box.command({ type: "settings", patch: checked.settings });
    if (result.refused !== undefined) return fieldError(400, "settings", result.refused);
    return json(200, withoutSecrets(box.settings()));
  }

  const loadId = (OVERRIDE_PATH.exec(path) as RegExpExecArray)[1];
  const override = input.override;
  if (override !== "auto" && override !== "on" && override !== "off") return fieldError(400, "override", "must be auto, on or off");
  let untilMs: number | undefined;
  if (input.durationMs !== undefined && override !== "auto") {
    const d = input.durationMs;
    if (typeof d !== "number" || !(d > 0 && d <= API_OVERRIDE_MAX_MS) || Math.floor(d) !== d) {
      return fieldError(400, "durationMs", `must be an integer between 1 and ${API_OVERRIDE_MAX_MS}`);
    }
    untilMs = box.nowMs() + d;
  }
  if (!(box.snapshot()?.loads ?? []).some((l) => l.id === loadId)) return fieldError(404, "loadId", "no such load");
  const event = { type: "load-override" as const, loadId, override: override as LoadOverride, ...(untilMs !== undefined ? { untilMs } : {}) };
  const result = box.command(event);
  if (result.refused !== undefined) return json(409, { refused: result.refused });
  const load = box.snapshot()?.loads.find((l) => l.id === loadId);
  return json(200, { id: loadId, override: load?.override ?? override, overrideUntilMs: load?.overrideUntilMs ?? null, on: load?.on ?? null });
}

/** Settings as the API shows them: secret rows (the MQTT password) left out; a PUT without them keeps them. */
function withoutSecrets(settings: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = { ...settings };
  for (const row of SETTINGS_FIELDS) if (row.secret) delete out[row.key];
  out.loads = loadsWithoutSecrets(settings.loads);
  return out;
}
