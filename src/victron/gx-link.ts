// The link to a Victron GX's MQTT broker: portal id discovery, keep-alive, the readings (SoC, battery, grid, PV) and
// the ESS settings held through an EssApplier. Reuses MqttSession's reconnect back-off; never blocks, never throws at
// its caller, and never writes a value Venus OS would not take.

import type { TimerHandle } from "../../hal/types";
import { utf8Decode } from "../../lib/bytes";
import { MqttSession, type MqttStatus, type SessionParts } from "../mqtt/session";
import { EssApplier, ESS_LIMITS, type ApplierLimits, type EssAction, type EssEntry, type EssReport } from "./ess-applier";
import type { EssPlan } from "./ess-policy";
import { GX_READINGS, VENUS, isPortalId, venusNumber, venusString, type GxQuantity } from "./venus";

/** A keep-alive at least this often: the GX stops at 60 s, and one lost packet must not silence it. */
export const GX_KEEPALIVE_MAX_MS = 50_000;
/** Pending ESS reads and writes are looked at this often (their answers come in ms). */
export const GX_STEP_MS = 1_000;
/** A reading older than this is unknown: the GX stopped publishing (two keep-alives missed). */
export const GX_STALE_MS = 2 * GX_KEEPALIVE_MAX_MS;
/** MQTT keep-alive of our own session with the GX's broker. */
const GX_MQTT_KEEPALIVE_S = 30;

export interface GxLinkOptions {
  host: string;
  port: number;
  user?: string;
  password?: string;
  /** The GX's portal id; empty: taken from the GX's retained `N/<id>/system/0/Serial`. */
  portalId: string;
  clientId: string;
  keepaliveMs?: number;
  staleMs?: number;
  stepMs?: number;
  limits?: ApplierLimits;
}

export interface GxReadings {
  socPct: number | null;
  /** > 0 charging. */
  batteryW: number | null;
  /** > 0 importing from the grid. */
  gridW: number | null;
  pvW: number | null;
  /** Last value received from the GX, any path. */
  atMs: number | null;
}

export interface GxStatus {
  link: MqttStatus;
  portalId: string | null;
  readings: GxReadings;
  ess: { detail: string | null; done: boolean; entries: readonly Readonly<EssEntry>[] };
  keepalivesSent: number;
  /** N/ payloads that were not `{"value": …}` (counted, never read as 0). */
  malformed: number;
}

export interface GxHandlers {
  /** New readings (at most one call per message received). */
  readings?(readings: GxReadings): void;
  /** An ESS value held, or a write that did not take. */
  report?(report: EssReport): void;
}

const READING_PATHS = new Set(GX_READINGS.map((r) => r.path));

export class GxLink {
  private readonly parts: SessionParts;
  private readonly handlers: GxHandlers;
  private readonly session: MqttSession;
  private options: GxLinkOptions | undefined;
  private portalId: string | null = null;
  private applier = new EssApplier();
  private planDetail: string | null = null;
  /** Last value per dbus path and when it came. */
  private readonly values = new Map<string, { value: number | null; atMs: number }>();
  private lastValueMs: number | null = null;
  private keepaliveTimer: TimerHandle | undefined;
  private stepTimer: TimerHandle | undefined;
  private keepalivesSent = 0;
  private fullPublishAsked = false;
  private malformed = 0;

  constructor(parts: SessionParts, handlers: GxHandlers = {}) {
    this.parts = parts;
    this.handlers = handlers;
    this.session = new MqttSession(parts, { online: () => this.online(), message: (t, p) => this.message(t, p) });
  }

  start(options: GxLinkOptions): void {
    this.stop();
    if (options.portalId !== "" && !isPortalId(options.portalId)) {
      this.parts.logger.log("error", "gx: the portal id must be 12 lower-case hex digits", { portalId: options.portalId });
      return;
    }
    this.options = options;
    this.applier = new EssApplier(options.limits ?? ESS_LIMITS);
    this.portalId = options.portalId === "" ? null : options.portalId;
    const keepaliveMs = Math.min(options.keepaliveMs ?? GX_KEEPALIVE_MAX_MS, GX_KEEPALIVE_MAX_MS);
    this.keepaliveTimer = this.parts.timers.setInterval(() => this.keepalive(), keepaliveMs);
    this.stepTimer = this.parts.timers.setInterval(() => this.step(), options.stepMs ?? GX_STEP_MS);
    this.session.start({
      host: options.host,
      port: options.port,
      clientId: options.clientId,
      user: options.user,
      password: options.password,
      keepAliveS: GX_MQTT_KEEPALIVE_S,
      // MQTT needs a will; this one is under our own name, nothing on the GX listens to it.
      will: { topic: `delesteur/${options.clientId}/gx`, payload: "offline", retain: false },
    });
  }

  stop(): void {
    this.session.stop();
    if (this.keepaliveTimer !== undefined) this.parts.timers.clear(this.keepaliveTimer);
    if (this.stepTimer !== undefined) this.parts.timers.clear(this.stepTimer);
    this.keepaliveTimer = undefined;
    this.stepTimer = undefined;
    this.options = undefined;
  }

  /** The ESS settings to hold from now on (a new colour, a new day); sent as soon as the GX is there. */
  setPlan(plan: EssPlan): void {
    this.planDetail = plan.detail;
    for (const problem of plan.problems) this.parts.logger.log("warn", `gx: ${problem}: not written`);
    this.applier.plan(plan.targets, this.parts.clock.nowMs());
    this.step();
  }

  readings(): GxReadings {
    const staleMs = this.options?.staleMs ?? GX_STALE_MS;
    const nowMs = this.parts.clock.nowMs();
    const sums: Record<GxQuantity, number | null> = { socPct: null, batteryW: null, gridW: null, pvW: null };
    for (const row of GX_READINGS) {
      const v = this.values.get(row.path);
      if (!v || v.value === null || nowMs - v.atMs > staleMs) continue;
      sums[row.quantity] = (sums[row.quantity] ?? 0) + v.value;
    }
    return { socPct: sums.socPct, batteryW: sums.batteryW, gridW: sums.gridW, pvW: sums.pvW, atMs: this.lastValueMs };
  }

  status(): GxStatus {
    return {
      link: this.session.status,
      portalId: this.portalId,
      readings: this.readings(),
      ess: { detail: this.planDetail, done: this.applier.done(), entries: this.applier.view() },
      keepalivesSent: this.keepalivesSent,
      malformed: this.malformed,
    };
  }

  private online(): void {
    // What we knew of the GX may be stale after a gap: every ESS value is asked again before it is judged.
    this.applier.onDisconnect();
    this.fullPublishAsked = false;
    this.session.subscribe(VENUS.serialFilter);
    if (this.portalId !== null) this.subscribeGx(this.portalId);
  }

  private subscribeGx(id: string): void {
    for (const path of READING_PATHS) this.session.subscribe(`N/${id}/${path}`);
    this.session.subscribe(`N/${id}/${VENUS.essPrefix}#`);
    this.keepalive();
  }

  /** The first keep-alive of a session asks for everything; the later ones only keep the GX publishing. */
  private keepalive(): void {
    const id = this.portalId;
    if (id === null || !this.session.online()) return;
    const payload = this.fullPublishAsked ? VENUS.keepaliveSuppress : "";
    if (this.session.publish(`R/${id}/keepalive`, payload, false)) {
      this.keepalivesSent++;
      this.fullPublishAsked = true;
    }
  }

  private step(): void {
    const id = this.portalId;
    const online = id !== null && this.session.online();
    const actions = this.applier.step(this.parts.clock.nowMs(), online);
    if (id !== null) for (const a of actions) this.send(id, a);
    for (const r of this.applier.drainReports()) {
      this.parts.logger.log(r.level, `gx: ${r.message}`);
      this.handlers.report?.(r);
    }
  }

  private send(id: string, action: EssAction): void {
    const topic = `${action.kind === "write" ? "W" : "R"}/${id}/${VENUS.essPrefix}${action.path}`;
    this.session.publish(topic, action.kind === "write" ? `{"value":${action.value}}` : "", false);
  }

  private message(topic: string, payload: Uint8Array): void {
    if (!topic.startsWith("N/")) return;
    const slash = topic.indexOf("/", 2);
    if (slash < 0) return;
    const id = topic.slice(2, slash);
    const path = topic.slice(slash + 1);
    const text = utf8Decode(payload);
    if (this.portalId === null) {
      // Discovery: the first GX whose retained serial shows up (one GX per broker is the usual case; else set it).
      if (path === "system/0/Serial" && isPortalId(id) && venusString(text) !== undefined) {
        this.portalId = id;
        this.parts.logger.log("info", "gx: portal id found", { portalId: id });
        this.subscribeGx(id);
      }
      return;
    }
    if (id !== this.portalId) return;
    const nowMs = this.parts.clock.nowMs();
    if (path.startsWith(VENUS.essPrefix)) {
      const value = venusNumber(text);
      if (value === undefined) this.malformed++;
      else this.applier.onValue(path.slice(VENUS.essPrefix.length), value);
      this.lastValueMs = nowMs;
      return;
    }
    if (!READING_PATHS.has(path)) return;
    const value = venusNumber(text);
    if (value === undefined) {
      this.malformed++;
      return;
    }
    this.values.set(path, { value, atMs: nowMs });
    this.lastValueMs = nowMs;
    this.handlers.readings?.(this.readings());
  }
}
