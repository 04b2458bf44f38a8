// The Victron side of the box, wired to the Device: the GX link started from the settings, the ESS plan set again
// whenever the colours or the hour move it, GX readings and the owner's surplus topic handed to the Controller.
// Never blocks the meter or shedding: a missing GX costs a status line and a retry; nothing here decides a load.

import type { Clock, Logger, MqttNetwork, TimerHandle, Timers } from "../../hal/types";
import type { ControllerEvent, ControllerSnapshot } from "../app/types";
import { utf8Decode } from "../../lib/bytes";
import { parseBrokerUrl } from "../mqtt/config";
import { MqttSession, type MqttStatus } from "../mqtt/session";
import type { Observer } from "../publish/publisher";
import type { Settings } from "../settings/types";
import { localHourAt } from "../tariff/local-time";
import type { ColourOrUnknown } from "../tariff/tariff-tracker";
import { essTableOf } from "./config";
import { essPlan, UNKNOWN_TOMORROW_HOUR, type EssPolicyTable } from "./ess-policy";
import { GxLink, type GxReadings, type GxStatus } from "./gx-link";
import { venusNumber } from "./venus";

/** GX readings reach the Controller at most this often (the GX sends a dozen values a second; the router steps every 5 s). */
export const GX_DISPATCH_MS = 2_000;
/** The settings the links are built from: a change to any of them restarts them. */
const LINK_SETTINGS: readonly (keyof Settings)[] = Object.freeze([
  "victronUrl", "victronPortalId", "essEnabled", "essPolicy", "essChargeWindow", "essChargeSlot",
  "surplusSource", "surplusTopic", "mqttUrl", "mqttUser", "mqttPassword",
] as (keyof Settings)[]);
/** The plan is looked at again this often besides on every fact: 21:00 passes without any fact to say so. */
const PLAN_CHECK_MS = 60_000;

export interface VictronParts {
  device: { dispatch(event: ControllerEvent): unknown; subscribe(observer: Observer): () => void; snapshot(): ControllerSnapshot | undefined };
  network: MqttNetwork;
  timers: Timers;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  /** Our MQTT client id on the GX's broker (and the box's, for the surplus topic). */
  clientId: string;
}

export interface VictronStatus {
  gx: GxStatus | null;
  /** Why the ESS is not steered although asked (a bad policy text), if so. */
  essProblem: string | null;
  essEnabled: boolean;
  /** The owner's surplus topic link, when the surplus comes from MQTT. */
  topic: MqttStatus | null;
  /** Last surplus value taken from the topic, W as published; malformed payloads counted. */
  topicValueW: number | null;
  topicMalformed: number;
}

export class VictronService {
  private readonly parts: VictronParts;
  private gx: GxLink | null = null;
  private topic: MqttSession | null = null;
  private table: EssPolicyTable | null = null;
  private essProblem: string | null = null;
  private lastDispatchMs = -Infinity;
  private lastPlanKey = "";
  private topicValueW: number | null = null;
  private topicMalformed = 0;
  private unsubscribe: (() => void) | null = null;
  private planTimer: TimerHandle | undefined;
  /** The settings in force: the boot ones, then each saved change (a persist fact on the publish path). */
  private settings: Settings;

  constructor(parts: VictronParts) {
    this.parts = parts;
    this.settings = parts.settings;
  }

  start(): void {
    this.unsubscribe = this.parts.device.subscribe((update) => {
      for (const fact of update.facts) if (fact.type === "persist" && fact.key === "settings") this.settingsChanged(fact.value as Settings);
      if (this.gx === null || this.table === null) return;
      this.plan(update.snapshot(), update.nowMs);
    });
    this.planTimer = this.parts.timers.setInterval(() => {
      const snapshot = this.parts.device.snapshot();
      if (snapshot) this.plan(snapshot, this.parts.clock.nowMs());
    }, PLAN_CHECK_MS);
    this.startLinks();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.planTimer !== undefined) this.parts.timers.clear(this.planTimer);
    this.planTimer = undefined;
    this.stopLinks();
  }

  private startLinks(): void {
    const s = this.settings;
    if (s.victronUrl !== "") this.startGx(s);
    if (s.surplusSource === "mqtt" && s.surplusTopic !== "" && s.mqttUrl !== "") this.startTopic(s);
    const snapshot = this.parts.device.snapshot();
    if (snapshot) this.plan(snapshot, this.parts.clock.nowMs());
  }

  private stopLinks(): void {
    this.gx?.stop();
    this.topic?.stop();
    this.gx = null;
    this.topic = null;
    this.table = null;
    this.essProblem = null;
    this.lastPlanKey = "";
  }

  /** The owner saved settings: the links start again only when one of theirs changed (a reconnect costs the GX a full publish). */
  private settingsChanged(next: Settings): void {
    const prev = this.settings;
    this.settings = next;
    let changed = false;
    for (const key of LINK_SETTINGS) if (prev[key] !== next[key]) changed = true;
    if (!changed) return;
    this.parts.logger.log("info", "gx: settings changed, links restarted");
    this.stopLinks();
    this.startLinks();
  }

  /** The status when a GX or a surplus topic is set, else undefined (the page and the API then say nothing of it). */
  statusIfUsed(): VictronStatus | undefined {
    return this.gx !== null || this.topic !== null || this.essProblem !== null ? this.status() : undefined;
  }

  status(): VictronStatus {
    return {
      gx: this.gx?.status() ?? null,
      essProblem: this.essProblem,
      essEnabled: this.settings.essEnabled,
      topic: this.topic?.status ?? null,
      topicValueW: this.topicValueW,
      topicMalformed: this.topicMalformed,
    };
  }

  private startGx(s: Settings): void {
    const parsed = parseBrokerUrl(s.victronUrl);
    if (!parsed.ok) {
      this.parts.logger.log("error", "gx: bad broker URL", { error: parsed.error });
      return;
    }
    if (s.essEnabled) {
      const t = essTableOf(s.essPolicy, s.essChargeWindow);
      if (t.ok) this.table = t.table;
      else {
        this.essProblem = t.problems.join("; ");
        this.parts.logger.log("error", "gx: the ESS policy is not written", { problems: this.essProblem });
      }
    }
    this.gx = new GxLink({ network: this.parts.network, timers: this.parts.timers, clock: this.parts.clock, logger: this.parts.logger }, { readings: (r) => this.readings(r) });
    const b = parsed.broker;
    this.gx.start({ host: b.host, port: b.port, user: b.user, password: b.password, portalId: s.victronPortalId, clientId: `${this.parts.clientId}-gx` });
  }

  /** Tomorrow's colour known, a colour change, 21:00 with tomorrow unknown, a new day: each gives a new plan. */
  private plan(snapshot: ControllerSnapshot, nowMs: number): void {
    // Off-grid there is no Tempo to steer by; before the meter's first frame today's colour is a guess that the
    // frame a second later would undo (two writes to the GX's flash at every boot).
    if (this.settings.offGrid || (snapshot.meter.status === "waiting" && snapshot.tariff.colour === "unknown")) return;
    const today: ColourOrUnknown = snapshot.tariff.colour;
    const tomorrow: ColourOrUnknown = snapshot.tariff.tomorrow;
    const late = localHourAt(nowMs) >= UNKNOWN_TOMORROW_HOUR || localHourAt(nowMs) < 6;
    const key = `${today}|${tomorrow}|${late ? 1 : 0}`;
    if (key === this.lastPlanKey || this.gx === null || this.table === null) return;
    this.lastPlanKey = key;
    const plan = essPlan({ table: this.table, today, tomorrow, slot: this.settings.essChargeSlot, nowMs });
    this.parts.logger.log("info", "gx: ESS plan", { detail: plan.detail });
    this.gx.setPlan(plan);
  }

  private readings(r: GxReadings): void {
    const nowMs = this.parts.clock.nowMs();
    if (nowMs - this.lastDispatchMs < GX_DISPATCH_MS) return;
    this.lastDispatchMs = nowMs;
    this.parts.device.dispatch({ type: "gx-reading", socPct: r.socPct, batteryW: r.batteryW, gridW: r.gridW, pvW: r.pvW });
  }

  /** The owner's surplus topic on the box's own broker: a number, or `{"value": n}`, in W. */
  private startTopic(s: Settings): void {
    const parsed = parseBrokerUrl(s.mqttUrl);
    if (!parsed.ok) return;
    const topic = s.surplusTopic;
    const session = new MqttSession(
      { network: this.parts.network, timers: this.parts.timers, clock: this.parts.clock, logger: this.parts.logger },
      {
        online: () => session.subscribe(topic),
        message: (t, payload) => {
          if (t !== topic) return;
          const text = utf8Decode(payload).trim();
          const plain = text === "" ? NaN : Number(text);
          const value = Number.isFinite(plain) ? plain : venusNumber(text);
          if (typeof value !== "number") {
            this.topicMalformed++;
            return;
          }
          this.topicValueW = value;
          this.parts.device.dispatch({ type: "surplus-topic", valueW: value });
        },
      },
    );
    this.topic = session;
    const b = parsed.broker;
    session.start({
      host: b.host,
      port: b.port,
      clientId: `${this.parts.clientId}-surplus`,
      user: s.mqttUser !== "" ? s.mqttUser : b.user,
      password: s.mqttPassword !== "" ? s.mqttPassword : b.password,
      keepAliveS: 60,
      will: { topic: `delesteur/${this.parts.clientId}/surplus`, payload: "offline", retain: false },
    });
  }
}
