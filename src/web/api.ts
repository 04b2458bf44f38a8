// The box's JSON API: status, mode, load overrides and settings, for scripts and home automation on the LAN.
// Never throws on a body and never applies an unvalidated setting: a refusal names each field and why.

import type { HttpRequest } from "../../lib/http";
import { utf8Decode } from "../../lib/bytes";
import { validateSettings } from "../settings/validate";
import { SETTINGS_FIELDS } from "../settings/table";
import type { LoadOverride, Settings } from "../app/types";
import type { WebContext, WebResponse } from "./routes";
import { CSRF_HEADER, originAllowed, tokenMatches } from "./guard";

const JSON_HEADERS = Object.freeze({
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  Connection: "close",
});

const OVERRIDE_PATH = /^\/api\/loads\/([^/]{1,64})\/override$/;
/** Methods per fixed path (the override path takes POST). */
const API_METHODS: Readonly<Record<string, string>> = Object.freeze({
  "/api/status": "GET",
  "/api/mode": "POST",
  "/api/settings": "GET, PUT",
});
/** A week: longer overrides are a forgotten setting, not an intention. */
export const API_OVERRIDE_MAX_MS = 7 * 24 * 3_600_000;

export function json(status: WebResponse["status"], value: unknown, extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: JSON.stringify(value) };
}

function fieldError(status: WebResponse["status"], field: string, message: string): WebResponse {
  return json(status, { errors: [{ field, message }] });
}

type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: WebResponse };

/** The body as a JSON object, or the response that refuses it. */
function objectBody(request: HttpRequest): BodyResult {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(request.body));
  } catch {
    return { ok: false, response: fieldError(400, "body", "must be JSON") };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, response: fieldError(400, "body", "must be a JSON object") };
  return { ok: true, value: value as Record<string, unknown> };
}

export function handleApi(request: HttpRequest, context: WebContext): WebResponse {
  const { box } = context;
  const path = request.path;
  const allowed = OVERRIDE_PATH.test(path) ? "POST" : Object.prototype.hasOwnProperty.call(API_METHODS, path) ? API_METHODS[path] : undefined;
  if (allowed === undefined) return fieldError(404, "path", "no such API");
  if (allowed.split(", ").indexOf(request.method) < 0) return json(405, { errors: [{ field: "method", message: `use ${allowed}` }] }, { Allow: allowed });
  if (path === "/api/status") {
    // The token is readable only same-origin (and the host check keeps rebinding pages out), so scripts on the LAN fetch it here.
    return json(200, { nowMs: box.nowMs(), csrfToken: context.csrfToken, status: box.snapshot() ?? null });
  }
  if (request.method === "GET") return json(200, withoutSecrets(box.settings())); // GET is only allowed on /api/settings here

  if (!tokenMatches(request.headers[CSRF_HEADER], context.csrfToken) || !originAllowed(request.headers["origin"], request.headers["host"])) {
    return fieldError(403, CSRF_HEADER, "missing or stale token: GET /api/status gives the current one");
  }
  const body = objectBody(request);
  if (!body.ok) return body.response;
  const input = body.value;

  if (path === "/api/mode") {
    if (input.mode !== "AUTO" && input.mode !== "HEAT") return fieldError(400, "mode", "must be AUTO or HEAT");
    const result = box.command({ type: "mode-request", mode: input.mode, source: "web" });
    const snapshot = box.snapshot();
    if (result.refused !== undefined) return json(409, { refused: result.refused, mode: snapshot?.mode ?? "AUTO" });
    return json(200, { mode: snapshot?.mode ?? input.mode, heatUntilMs: snapshot?.heatUntilMs ?? null });
  }

  if (path === "/api/settings") {
    // Top-level fields replace the current ones (loads as a whole list); the result is validated as a whole.
    const checked = validateSettings({ ...box.settings(), ...input });
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
  return out;
}
