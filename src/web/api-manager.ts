// The energy manager's REST API under /api/: managed loads, priorities, forced power, the total available power,
// heat pumps and hot water. Never changes anything without the owner's credential; every refusal names its field.

import type { HttpRequest } from "../../lib/http";
import type { ControllerSnapshot, LoadConfig, LoadOverride, LoadSnapshot, Settings, TankSnapshot } from "../app/types";
import { validateSettings } from "../settings/validate";
import { writeCheck, type Access } from "./access";
import { fieldError, json, objectBody, unauthenticated } from "./api";
import { managedLoadJson, sgStateOf } from "./events";
import { CSRF_HEADER, originAllowed } from "./guard";
import type { WebResponse } from "./response";
import type { WebContext } from "./routes";
import { boostRefusal, patchedLoads, targetRefusal } from "./tank-writes";

export { BOOST_MINUTES } from "./tank-writes";
/** A forced mode or power lasts at most a week, as the other overrides (API_OVERRIDE_MAX_MS). */
const MAX_DURATION_MS = 7 * 24 * 3_600_000;

interface Route {
  /** Methods allowed on the path. */
  methods: string;
  /** The load kind the path's id must be (managed loads: any). */
  kind?: LoadConfig["kind"];
  /** The action, given the load (when the path has an id) and the body (writes). */
  run(c: RouteCall): WebResponse;
}

interface RouteCall {
  context: WebContext;
  request: HttpRequest;
  load?: LoadConfig;
  body: Record<string, unknown>;
}

const ID = "([a-z0-9][a-z0-9_-]{0,31})";
const PATHS: readonly [RegExp, Route][] = [
  [/^\/api\/managed-loads$/, { methods: "GET", run: (c) => json(200, managedLoads(c.context)) }],
  [new RegExp(`^/api/managed-loads/${ID}/priority$`), { methods: "PUT", run: setPriority }],
  [new RegExp(`^/api/managed-loads/${ID}/power$`), { methods: "PUT", kind: "modulating", run: forcePower }],
  [/^\/api\/available-power$/, { methods: "GET, PUT", run: availablePower }],
  [/^\/api\/heat-pumps$/, { methods: "GET", run: (c) => json(200, { heatPumps: listOf(c.context, "sg-ready", heatPumpJson) }) }],
  [new RegExp(`^/api/heat-pumps/${ID}/power$`), { methods: "POST", kind: "sg-ready", run: (c) => powerOnOff(c, heatPumpJson) }],
  [new RegExp(`^/api/heat-pumps/${ID}/mode$`), { methods: "PUT", kind: "sg-ready", run: heatPumpMode }],
  [new RegExp(`^/api/heat-pumps/${ID}/target$`), { methods: "PUT", kind: "sg-ready", run: (c) => setTarget(c, heatPumpJson) }],
  [/^\/api\/hot-water$/, { methods: "GET", run: (c) => json(200, { hotWater: listOf(c.context, "water-heater", hotWaterJson) }) }],
  [new RegExp(`^/api/hot-water/${ID}/power$`), { methods: "POST", kind: "water-heater", run: (c) => powerOnOff(c, hotWaterJson) }],
  [new RegExp(`^/api/hot-water/${ID}/target$`), { methods: "PUT", kind: "water-heater", run: (c) => setTarget(c, hotWaterJson) }],
  [new RegExp(`^/api/hot-water/${ID}/boost$`), { methods: "POST, DELETE", kind: "water-heater", run: boost }],
];

/** The manager's route for a path, when it is one of its paths (the events stream is routed by the server). */
export function isManagerPath(path: string): boolean {
  if (path === "/api/events") return true;
  for (let i = 0; i < PATHS.length; i++) if (PATHS[i][0].test(path)) return true;
  return false;
}

/**
 * In order: the path and method; reading is open like /api/status (GET /api/events excepted: it tells when someone
 * is home, live); a write needs the owner's credential (401), a same-origin Origin and a session's CSRF token (403);
 * a path's id must name a load of the route's kind (404, 400); the body must be a JSON object (400).
 */
export function handleManagerApi(request: HttpRequest, context: WebContext, access: Access): WebResponse {
  if (request.path === "/api/events") return eventsNotAdopted(request, context, access);
  let route: Route | undefined;
  let id: string | undefined;
  for (let i = 0; i < PATHS.length && route === undefined; i++) {
    const m = PATHS[i][0].exec(request.path);
    if (m) {
      route = PATHS[i][1];
      id = m[1];
    }
  }
  if (route === undefined) return fieldError(404, "path", "no such API");
  if (route.methods.split(", ").indexOf(request.method) < 0) return json(405, { errors: [{ field: "method", message: `use ${route.methods}` }] }, { Allow: route.methods });
  if (request.method !== "GET") {
    const check = writeCheck(access, request, request.headers[CSRF_HEADER]);
    if (check === "unauthenticated") return unauthenticated(access);
    if (check === "forbidden") return fieldError(403, CSRF_HEADER, "missing or stale token: POST /api/login gives the session's token");
  }
  let load: LoadConfig | undefined;
  if (id !== undefined) {
    load = configOf(context.box.settings(), id);
    if (load === undefined) return fieldError(404, "id", `no load ${id}`);
    if (route.kind !== undefined && load.kind !== route.kind) return fieldError(400, "id", `${id} is a ${load.kind} load, not ${route.kind}`);
  }
  let body: Record<string, unknown> = {};
  if (request.method === "PUT" || request.method === "POST") {
    const parsed = objectBody(request);
    if (!parsed.ok) return parsed.response;
    body = parsed.value;
  }
  return route.run({ context, request, load, body });
}

/** GET /api/events reaches the router only when the server did not adopt it: say why. */
function eventsNotAdopted(request: HttpRequest, context: WebContext, access: Access): WebResponse {
  if (request.method !== "GET") return json(405, { errors: [{ field: "method", message: "use GET" }] }, { Allow: "GET" });
  if (access.kind === "none" || access.kind === "bad-token") return unauthenticated(access);
  if (!originAllowed(request.headers["origin"], request.headers["host"])) return fieldError(403, "origin", "the event stream is for this box's own pages and scripts, not another site's");
  if (context.events === undefined) return fieldError(404, "path", "this box runs no event stream");
  return json(429, { errors: [{ field: "connections", message: `at most ${context.events.maxClients} event streams at once: close one` }] }, { "Retry-After": "30" });
}

function configOf(settings: Settings, id: string): LoadConfig | undefined {
  for (let i = 0; i < settings.loads.length; i++) if (settings.loads[i].id === id) return settings.loads[i];
  return undefined;
}

function snapshotOf(context: WebContext): ControllerSnapshot | undefined {
  return context.box.snapshot();
}

function managedLoads(context: WebContext): Record<string, unknown> {
  const s = snapshotOf(context);
  if (s === undefined) return { totalAvailablePowerW: null, loads: [] };
  return { totalAvailablePowerW: s.manager.availablePowerW, loads: s.loads.map((l) => managedLoadJson(l, s)) };
}

function tankOf(s: ControllerSnapshot, id: string): TankSnapshot | undefined {
  for (let i = 0; i < s.manager.tanks.length; i++) if (s.manager.tanks[i].id === id) return s.manager.tanks[i];
  return undefined;
}

type Shape = (config: LoadConfig, load: LoadSnapshot | undefined, s: ControllerSnapshot | undefined) => Record<string, unknown>;

const heatPumpJson: Shape = (config, l, s) => {
  const tank = s === undefined ? undefined : tankOf(s, config.id);
  const probe = config.kind === "sg-ready" && config.probe;
  return {
    id: config.id,
    name: config.name,
    on: l?.on ?? null,
    sgState: sgStateOf(l?.order),
    state: l?.order ?? null,
    mode: modeOf(l?.override ?? "auto"),
    modeUntilMs: l?.overrideUntilMs ?? null,
    reason: l?.reason ?? null,
    detail: l?.detail ?? "",
    probe,
    temperatureC: probe ? (tank?.temperatureC ?? null) : null,
    targetTemperatureC: probe && config.kind === "sg-ready" ? config.targetTemperatureC : null,
  };
};

const hotWaterJson: Shape = (config, l, s) => {
  const tank = s === undefined ? undefined : tankOf(s, config.id);
  const c = config.kind === "water-heater" ? config : undefined;
  return {
    id: config.id,
    name: config.name,
    on: l?.on ?? null,
    override: l?.override ?? "auto",
    reason: l?.reason ?? null,
    detail: l?.detail ?? "",
    probe: c?.probe ?? false,
    temperatureC: tank?.temperatureC ?? null,
    targetTemperatureC: c?.targetTemperatureC ?? null,
    heatIn: c?.heatIn ?? null,
    boostUntilMs: tank?.boostUntilMs ?? null,
    legionellaRunning: tank?.legionellaRunning ?? false,
    legionellaDoneMs: tank?.legionellaDoneMs ?? null,
    plan: tank?.detail ?? "",
  };
};

function listOf(context: WebContext, kind: LoadConfig["kind"], shape: Shape): Record<string, unknown>[] {
  const s = snapshotOf(context);
  return context.box
    .settings()
    .loads.filter((c) => c.kind === kind)
    .map((c) => shape(c, s?.loads.find((l) => l.id === c.id), s));
}

function answerFor(c: RouteCall, shape: Shape): WebResponse {
  const config = configOf(c.context.box.settings(), (c.load as LoadConfig).id) as LoadConfig;
  const s = snapshotOf(c.context);
  return json(200, shape(config, s?.loads.find((l) => l.id === config.id), s));
}

/** The SG-Ready mode the owner chose, as an override: auto (the box decides), lock (1), forced (4). */
function modeOf(override: LoadOverride): "auto" | "lock" | "forced" {
  return override === "off" ? "lock" : override === "on" ? "forced" : "auto";
}

/** A durationMs field, when given: a whole number of ms within a week. */
function durationOf(body: Record<string, unknown>, nowMs: number): number | undefined | WebResponse {
  const d = body.durationMs;
  if (d === undefined || d === null) return undefined;
  if (typeof d !== "number" || !(d > 0 && d <= MAX_DURATION_MS) || Math.floor(d) !== d) return fieldError(400, "durationMs", `must be an integer between 1 and ${MAX_DURATION_MS}`);
  return nowMs + d;
}

function override(c: RouteCall, value: LoadOverride, untilMs: number | undefined): WebResponse | null {
  const id = (c.load as LoadConfig).id;
  const result = c.context.box.command(value === "auto" || untilMs === undefined ? { type: "load-override", loadId: id, override: value } : { type: "load-override", loadId: id, override: value, untilMs });
  return result.refused !== undefined ? json(409, { refused: result.refused }) : null;
}

/** POST …/power {"on": true|false}: off = the owner's off (SG-Ready 1, a water heater's relay open); on = back to auto. */
function powerOnOff(c: RouteCall, shape: Shape): WebResponse {
  const on = c.body.on;
  if (typeof on !== "boolean") return fieldError(400, "on", "must be true or false");
  const until = on ? undefined : durationOf(c.body, c.context.box.nowMs());
  if (typeof until === "object") return until;
  return override(c, on ? "auto" : "off", until) ?? answerFor(c, shape);
}

function heatPumpMode(c: RouteCall): WebResponse {
  const mode = c.body.mode;
  if (mode !== "auto" && mode !== "lock" && mode !== "forced") return fieldError(400, "mode", "must be auto, lock (SG-Ready 1) or forced (SG-Ready 4)");
  const until = mode === "auto" ? undefined : durationOf(c.body, c.context.box.nowMs());
  if (typeof until === "object") return until;
  return override(c, mode === "auto" ? "auto" : mode === "lock" ? "off" : "on", until) ?? answerFor(c, heatPumpJson);
}

/** Save one load's changed fields through the settings command (validated, persisted at once like any setting). */
function saveLoad(c: RouteCall, patch: Record<string, unknown>, field: string): WebResponse | null {
  const checked = patchedLoads(c.context.box.settings(), (c.load as LoadConfig).id, patch, field);
  if (!checked.ok) return checked.refusal !== undefined ? fieldError(400, checked.refusal.field, checked.refusal.message) : json(400, { errors: checked.errors });
  const result = c.context.box.command({ type: "settings", patch: { loads: checked.loads } });
  return result.refused !== undefined ? fieldError(400, field, result.refused) : null;
}

function setPriority(c: RouteCall): WebResponse {
  const p = c.body.priority;
  if (typeof p !== "number" || !(p >= 0 && p <= 4) || Math.floor(p) !== p) return fieldError(400, "priority", `must be an integer between 0 and 4, got ${JSON.stringify(p)}`);
  const refused = saveLoad(c, { priority: p }, "priority");
  if (refused !== null) return refused;
  const s = snapshotOf(c.context);
  const l = s?.loads.find((x) => x.id === (c.load as LoadConfig).id);
  return json(200, l !== undefined && s !== undefined ? managedLoadJson(l, s) : { id: (c.load as LoadConfig).id, priority: p });
}

/** PUT …/target {"targetTemperatureC": n}: the range is the kind's settings row; a heat pump needs its probe. */
function setTarget(c: RouteCall, shape: Shape): WebResponse {
  const t = c.body.targetTemperatureC;
  const refused = targetRefusal(c.load as LoadConfig, t);
  if (refused !== undefined) return fieldError(400, refused.field, refused.message);
  return saveLoad(c, { targetTemperatureC: t }, "targetTemperatureC") ?? answerFor(c, shape);
}

/** POST …/boost {"durationMin": 15–120} starts one (ends early at target with a probe); DELETE cancels it. */
function boost(c: RouteCall): WebResponse {
  let durationMs = 0;
  if (c.request.method === "POST") {
    const m = c.body.durationMin;
    const refused = boostRefusal(m);
    if (refused !== undefined) return fieldError(400, refused.field, refused.message);
    durationMs = (m as number) * 60_000;
  }
  const result = c.context.box.command({ type: "dhw-boost", loadId: (c.load as LoadConfig).id, durationMs });
  if (result.refused !== undefined) return fieldError(400, "id", result.refused);
  return answerFor(c, hotWaterJson);
}

/** PUT …/power {"powerW": n | null}: a modulating load runs on n W (outside the budget; peaks still win); null: auto. */
function forcePower(c: RouteCall): WebResponse {
  const load = c.load as LoadConfig;
  const w = c.body.powerW;
  if (w !== null && (typeof w !== "number" || !(w >= 0 && w <= load.nominalPowerW) || Math.floor(w) !== w)) {
    return fieldError(400, "powerW", `must be null (automatic) or an integer between 0 and ${load.nominalPowerW} (its nominal power), got ${JSON.stringify(w)}`);
  }
  const result = c.context.box.command({ type: "forced-power", loadId: load.id, powerW: w as number | null });
  if (result.refused !== undefined) return fieldError(400, "powerW", result.refused);
  const s = snapshotOf(c.context);
  const l = s?.loads.find((x) => x.id === load.id);
  return json(200, l !== undefined && s !== undefined ? { ...managedLoadJson(l, s), forcedPowerW: s.manager.forcedPowerW[load.id] ?? null } : { id: load.id });
}

/** GET/PUT /api/available-power: what the budget hands out; PUT {"availablePowerW": n | null} (null: from the meter). */
function availablePower(c: RouteCall): WebResponse {
  if (c.request.method === "PUT") {
    if (!Object.prototype.hasOwnProperty.call(c.body, "availablePowerW")) return fieldError(400, "availablePowerW", "missing: a number of W, or null for the meter's subscription minus the margin");
    const settings = c.context.box.settings();
    const checked = validateSettings({ ...settings, availablePowerW: c.body.availablePowerW });
    if (!checked.ok) return json(400, { errors: checked.errors });
    const result = c.context.box.command({ type: "settings", patch: { availablePowerW: checked.settings.availablePowerW } });
    if (result.refused !== undefined) return fieldError(400, "availablePowerW", result.refused);
  }
  const s = snapshotOf(c.context);
  const settings = c.context.box.settings();
  return json(200, {
    totalAvailablePowerW: s?.manager.availablePowerW ?? null,
    source: s?.manager.availableSource ?? (settings.availablePowerW === null ? "meter" : "setting"),
    availablePowerW: settings.availablePowerW,
    availableMarginW: settings.availableMarginW,
  });
}
