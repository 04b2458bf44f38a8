// The MQTT bridge: a Device observer on the one publish path, Home Assistant discovery, commands into Device.command.
// Never blocks the meter or shedding (publishing only queues), never applies a command half-way or outside the core.

import type { Clock, Logger, MqttNetwork, TimerHandle, Timers } from "../../hal/types";
import type { CommandOutcome, ControllerCommand, ControllerSnapshot, LoadConfig, Settings } from "../app/types";
import type { Observer } from "../publish/publisher";
import type { TicReading } from "../tic/types";
import { REASON_TEXTS } from "../web/texts";
import { commandFilters, decodeCommand, type MqttIntent } from "./commands";
import { mqttConfigOf, type MqttConfig } from "./config";
import { availabilityTopic, configTopic, discoveryPayload, nodeIdOf, objectOfConfigTopic, type DiscoveryContext } from "./discovery";
import { BOX_ENTITIES, ENERGY_ENTITIES, LOAD_OBJECT_PREFIX, loadEntities, meterEntities, type Entity, type EntitySource } from "./entities";
import { BOOST_DEFAULT_MINUTES, managedEntities, managedKey } from "./manager-entities";
import { boostRefusal, patchedLoads, targetRefusal, type WriteRefusal } from "../web/tank-writes";
import type { EnergyMonitor } from "../energy/monitor";
import { energyView, type EnergyView } from "../energy/view";
import { MqttSession, type MqttStatus } from "./session";
import { stateJson } from "./state-json";
import { FOLLOW_CHECK_MS, Follower, type FollowStatus } from "./follow";
import { jsonText } from "../../lib/json";

/** Keep-alive: the broker publishes our `offline` will within 1.5 × this of the box vanishing. */
export const KEEP_ALIVE_S = 30;
/** The JSON state topic is for scripts, not a live graph: at most this often, unless a fact changed. */
export const JSON_MIN_PERIOD_MS = 10_000;
const MINUTE_MS = 60_000;
/** Energy entities change at most this often (HA's energy dashboard works in hours). */
const ENERGY_VIEW_PERIOD_MS = MINUTE_MS;

/** The part of src/device Device the bridge uses (Device implements it). */
export interface BridgeDevice {
  subscribe(observer: Observer): () => void;
  onReading(listener: (reading: TicReading) => void): void;
  snapshot(): ControllerSnapshot | undefined;
  command(command: ControllerCommand): CommandOutcome;
  /** Energy figures for the energy entities (src/energy); a device without it publishes none. */
  energyMonitor?(): EnergyMonitor | undefined;
}

export interface BridgeParts {
  device: BridgeDevice;
  network: MqttNetwork;
  timers: Timers;
  clock: Clock;
  logger: Logger;
  /** The settings the box booted with; later ones arrive as persist facts. */
  settings: Settings;
  boxId: string;
  info: { name: string; model: string; swVersion: string };
  /** Config from settings (default mqttConfigOf); host-sim lays its --mqtt flags over it. */
  configOf?(settings: Settings): { config: MqttConfig; error?: string };
}

/** The box's MQTT session lent to another part of the box (src/plugs/mqtt-link.ts): QoS 0, never retained. */
export interface MqttChannel {
  /** The session's client id (a Shelly answers our RPC on `<client id>/rpc`). */
  readonly clientId: string;
  /** False when not sent (the link is down). */
  publish(topic: string, payload: string): boolean;
  subscribe(filter: string): void;
}

/** Another user of the box's one MQTT session: told of every (re)connect, offered every message first. */
export interface MqttTap {
  online(channel: MqttChannel): void;
  /** True when the message was the tap's (the bridge then leaves it). */
  message(topic: string, payload: Uint8Array): boolean;
}

export interface MqttBridgeStatus extends MqttStatus {
  enabled: boolean;
  /** Why the settings leave MQTT off (a URL that does not parse). */
  configError?: string;
  /** When this box follows another's decisions: the leader's state and each followed load's. */
  follow?: FollowStatus;
}

export class MqttBridge {
  private readonly parts: BridgeParts;
  private readonly session: MqttSession;
  private readonly configOf: (settings: Settings) => { config: MqttConfig; error?: string };
  private settings: Settings;
  private config: MqttConfig;
  private configError: string | undefined;
  private configKey = "";
  private ctx: DiscoveryContext;
  private reading: TicReading | undefined;
  private energyCache: EnergyView | undefined;
  private energyCacheMs = 0;
  private entities: Entity[] = [];
  private meterKey = "";
  private loadKey = "";
  /** Retained values last sent, by topic: only changes go out; cleared on (re)connect so all go again. */
  private readonly sent = new Map<string, string>();
  /**
   * Discovery configs last sent, by topic, as a 32-bit hash of the payload: the payloads themselves (~0.5 KB each,
   * 30+ of them) were most of the bridge's heap at rest (bench/mqtt). A collision would skip one changed config until
   * the next connect or Home Assistant birth message, which re-send them all.
   */
  private readonly discovered = new Map<string, number>();
  private readonly overrideMinutes: Record<string, number> = {};
  /** A water heater's boost length set from Home Assistant (retained on its command topic, like the override's). */
  private readonly boostMinutes: Record<string, number> = {};
  private lastMeterMs = -Infinity;
  private lastJsonMs = -Infinity;
  private unsubscribe: (() => void) | undefined;
  private follower: Follower | undefined;
  private followTimer: TimerHandle | undefined;
  private tap: MqttTap | undefined;

  constructor(parts: BridgeParts) {
    this.parts = parts;
    this.settings = parts.settings;
    this.configOf = parts.configOf ?? ((s) => mqttConfigOf(s));
    const { config, error } = this.configOf(parts.settings);
    this.config = config;
    this.configError = error;
    this.ctx = this.contextOf(config);
    this.session = new MqttSession(parts, { online: () => this.online(), message: (t, p) => this.message(t, p) });
  }

  /** Observe the device and connect when the settings say so. */
  start(): void {
    const device = this.parts.device;
    device.onReading((reading) => this.onReading(reading));
    this.unsubscribe = device.subscribe((update) => {
      for (const fact of update.facts) if (fact.type === "persist" && fact.key === "settings") this.settingsChanged(fact.value as Settings);
      if (update.facts.length > 0) this.publishBox(update.snapshot(), update.nowMs);
    });
    this.connect();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.stopFollowing();
    // A clean stop says offline itself (the will is only for a box that vanishes).
    if (this.session.online()) this.session.publish(availabilityTopic(this.ctx.base), "offline", true);
    this.session.stop();
  }

  /**
   * Shares this session with the smart plugs on MQTT (one socket and one client's heap on the ESP32, not two): they
   * get the link on every connect and their own topics' messages; the bridge never reads them.
   */
  attach(tap: MqttTap): void {
    this.tap = tap;
    if (this.session.online()) tap.online(this.channel());
  }

  private channel(): MqttChannel {
    const session = this.session;
    return { clientId: nodeIdOf(this.parts.boxId), publish: (topic, payload) => session.publish(topic, payload, false), subscribe: (filter) => session.subscribe(filter) };
  }

  status(): MqttBridgeStatus {
    const s = this.session.status;
    const out: MqttBridgeStatus = { ...s, enabled: this.config.enabled };
    if (this.configError !== undefined) out.configError = this.configError;
    if (this.follower !== undefined) out.follow = this.follower.status(this.parts.clock.nowMs());
    return out;
  }

  /** Where this box's topics live (`<base topic>/<box id>`). */
  baseTopic(): string {
    return this.ctx.base;
  }

  private contextOf(config: MqttConfig): DiscoveryContext {
    const info = this.parts.info;
    return { prefix: config.discoveryPrefix, base: `${config.baseTopic}/${this.parts.boxId}`, boxId: this.parts.boxId, name: info.name, model: info.model, swVersion: info.swVersion };
  }

  /** Our loads back on our own policy (a held override released now), the check timer gone. */
  private stopFollowing(): void {
    if (this.followTimer !== undefined) this.parts.timers.clear(this.followTimer);
    this.followTimer = undefined;
    this.follower?.forget(this.parts.clock.nowMs());
    this.follower = undefined;
  }

  private connect(): void {
    const { config } = this;
    this.configKey = jsonText(config);
    this.stopFollowing();
    // A box told to follow itself would read its own commands as a leader's: that setting is ignored, and said so.
    if (config.follow && config.follow.leaderBase === this.ctx.base) this.parts.logger.log("warn", "mqtt: a box cannot follow itself; follow setting ignored", { base: this.ctx.base });
    else if (config.enabled && config.broker && config.follow) {
      const follower = new Follower(config.follow, this.parts.device);
      this.follower = follower;
      // A leader that goes silent, or our own link going down, must be noticed even on a box with no meter.
      this.followTimer = this.parts.timers.setInterval(() => {
        const nowMs = this.parts.clock.nowMs();
        if (this.session.online()) follower.apply(nowMs);
        else follower.forget(nowMs);
      }, FOLLOW_CHECK_MS);
    }
    if (!config.enabled || !config.broker) {
      this.session.stop();
      if (this.configError !== undefined) this.parts.logger.log("warn", "mqtt left off: bad broker URL", { error: this.configError });
      return;
    }
    const broker = config.broker;
    this.session.start({
      host: broker.host,
      port: broker.port,
      clientId: nodeIdOf(this.parts.boxId),
      user: broker.user,
      password: broker.password,
      keepAliveS: KEEP_ALIVE_S,
      will: { topic: availabilityTopic(this.ctx.base), payload: "offline", retain: true },
    });
  }

  private settingsChanged(settings: Settings): void {
    this.settings = settings;
    const { config, error } = this.configOf(settings);
    this.configError = error;
    if (jsonText(config) === this.configKey) return;
    if (this.session.online()) this.session.publish(availabilityTopic(this.ctx.base), "offline", true);
    this.config = config;
    this.ctx = this.contextOf(config);
    this.connect();
  }

  private source(snapshot: ControllerSnapshot): EntitySource {
    return { snapshot, reading: this.reading, energy: () => this.energyFigures(), settings: this.settings };
  }

  /** The energy view, rebuilt at most once a minute: it allocates, and kWh to the Wh would change at every frame. */
  private energyFigures(): EnergyView | undefined {
    const monitor = this.parts.device.energyMonitor?.();
    if (monitor === undefined) return undefined;
    const nowMs = this.parts.clock.nowMs();
    if (this.energyCache === undefined || nowMs - this.energyCacheMs >= ENERGY_VIEW_PERIOD_MS) {
      this.energyCache = energyView(monitor);
      this.energyCacheMs = nowMs;
    }
    return this.energyCache;
  }

  /** Rebuild the entity list when the meter's figures or the loads changed; discovery follows when online. */
  private refreshEntities(snapshot: ControllerSnapshot): void {
    const r = this.reading;
    const meterKey = r ? `${Object.keys(r.indexesWh).join(",")}|${r.currentsA.length}|${r.injectedPowerVA !== undefined}|${r.cutOffPowerVA !== undefined}` : "";
    let loadKey = "";
    // A kind or a probe decides which manager entities a load has (manager-entities.ts).
    for (const load of snapshot.loads) loadKey += `${load.id}\u0000${load.name}\u0000${managedKey(this.configOfLoad(load.id))}\u0000`;
    if (meterKey === this.meterKey && loadKey === this.loadKey && this.entities.length > 0) return;
    const before = this.entities;
    // Meter entities only grow within a session: a frame missing a figure (a three-phase short frame) keeps it.
    const meter = meterEntities(r);
    for (const e of before) if (e.meter && BOX_ENTITIES.indexOf(e) < 0 && ENERGY_ENTITIES.indexOf(e) < 0 && !meter.some((m) => m.object === e.object)) meter.push(e);
    this.meterKey = meterKey;
    this.loadKey = loadKey;
    const next: Entity[] = BOX_ENTITIES.slice();
    if (this.parts.device.energyMonitor !== undefined) for (const e of ENERGY_ENTITIES) next.push(e);
    for (const e of meter) next.push(e);
    const minutes = (id: string): number => this.overrideMinutes[id] ?? 0;
    const boost = (id: string): number => this.boostMinutes[id] ?? BOOST_DEFAULT_MINUTES;
    for (const load of snapshot.loads) {
      for (const e of loadEntities(load.id, load.name, minutes)) next.push(e);
      const config = this.configOfLoad(load.id);
      if (config !== undefined) for (const e of managedEntities(config, boost)) next.push(e);
    }
    this.entities = next;
    if (this.session.online()) {
      this.removeGone(before, next);
      this.publishDiscovery();
    }
  }

  /** A deleted load's entities leave Home Assistant (empty retained config) and its retained states are cleared. */
  private removeGone(before: readonly Entity[], next: readonly Entity[]): void {
    const kept: Record<string, true> = {};
    for (const e of next) kept[e.object] = true;
    for (const e of before) {
      if (kept[e.object] || e.object.indexOf(LOAD_OBJECT_PREFIX) !== 0) continue;
      const topic = configTopic(this.ctx, e);
      this.session.publish(topic, "", true);
      this.discovered.delete(topic);
      this.clearState(`${this.ctx.base}/${e.path}`);
      if (e.attributes) this.clearState(`${this.ctx.base}/${e.path}/attributes`);
      if (e.available) this.clearState(`${this.ctx.base}/${e.path}/availability`);
    }
  }

  private clearState(topic: string): void {
    if (!this.sent.has(topic)) return;
    this.session.publish(topic, "", true);
    this.sent.delete(topic);
  }

  private publishDiscovery(): void {
    for (const e of this.entities) {
      const topic = configTopic(this.ctx, e);
      const payload = discoveryPayload(this.ctx, e);
      const hash = fnv1a(payload);
      if (this.discovered.get(topic) === hash) continue;
      if (this.session.publish(topic, payload, true)) this.discovered.set(topic, hash);
    }
  }

  /** Changed values of the entities `meter` selects, retained. */
  private publishValues(source: EntitySource, meter: boolean): void {
    const base = this.ctx.base;
    for (const e of this.entities) {
      if (e.meter !== meter) continue;
      const value = e.value(source);
      if (value !== undefined) this.publishRetained(`${base}/${e.path}`, value);
      const attributes = e.attributes?.(source);
      if (attributes !== undefined) this.publishRetained(`${base}/${e.path}/attributes`, attributes);
      if (e.available) this.publishRetained(`${base}/${e.path}/availability`, e.available(source) ? "online" : "offline");
    }
  }

  private publishRetained(topic: string, value: string): void {
    if (this.sent.get(topic) === value) return;
    if (this.session.publish(topic, value, true)) this.sent.set(topic, value);
  }

  private publishJson(source: EntitySource, nowMs: number, force: boolean): void {
    if (!force && nowMs - this.lastJsonMs < Math.max(JSON_MIN_PERIOD_MS, this.config.meterIntervalMs)) return;
    this.lastJsonMs = nowMs;
    this.publishRetained(`${this.ctx.base}/state`, stateJson(source, this.overrideMinutes));
  }

  /** A meter frame: its figures at most once per frame, or per meterIntervalMs when the owner down-samples. */
  private onReading(reading: TicReading): void {
    this.reading = reading;
    if (!this.session.online()) return;
    const nowMs = this.parts.clock.nowMs();
    this.follower?.apply(nowMs);
    if (nowMs - this.lastMeterMs < this.config.meterIntervalMs) return;
    const snapshot = this.parts.device.snapshot();
    if (!snapshot) return;
    this.lastMeterMs = nowMs;
    this.refreshEntities(snapshot);
    const source = this.source(snapshot);
    this.publishValues(source, true);
    this.publishJson(source, nowMs, false);
  }

  /** Facts happened (mode, tariff, a load moved): the box's entities go out at once. */
  private publishBox(snapshot: ControllerSnapshot, nowMs: number): void {
    if (!this.session.online()) return;
    this.refreshEntities(snapshot);
    const source = this.source(snapshot);
    this.publishValues(source, false);
    this.publishJson(source, nowMs, true);
  }

  /** Connected (first time, after a broker restart, or HA came back): everything again, discovery first. */
  private online(): void {
    const base = this.ctx.base;
    this.session.publish(availabilityTopic(base), "online", true);
    for (const filter of commandFilters(base)) this.session.subscribe(filter);
    this.session.subscribe(`${this.ctx.prefix}/status`);
    // Retained configs of this box come back once: a load deleted while we were away is removed then.
    this.session.subscribe(`${this.ctx.prefix}/+/${nodeIdOf(this.parts.boxId)}/+/config`);
    // A follower reads its leader's retained availability and load states (they arrive at once on subscribe).
    if (this.follower) for (const filter of this.follower.filters()) this.session.subscribe(filter);
    this.republishAll();
    this.tap?.online(this.channel());
  }

  private republishAll(): void {
    this.sent.clear();
    this.discovered.clear();
    const snapshot = this.parts.device.snapshot();
    if (!snapshot) return;
    this.entities = [];
    this.refreshEntities(snapshot);
    this.publishDiscovery();
    const source = this.source(snapshot);
    this.publishValues(source, false);
    this.publishValues(source, true);
    this.publishJson(source, this.parts.clock.nowMs(), true);
  }

  private message(topic: string, payload: Uint8Array): void {
    if (this.tap?.message(topic, payload)) return;
    const ctx = this.ctx;
    if (this.follower?.message(topic, payload, this.parts.clock.nowMs())) return;
    if (topic === `${ctx.prefix}/status`) {
      // HA's birth message: it may have lost every entity (a restart without retained configs): send them all again.
      if (payload.length === 6 && String.fromCharCode(...payload) === "online") this.republishAll();
      return;
    }
    const object = objectOfConfigTopic(ctx, topic);
    if (object !== undefined) {
      if (payload.length > 0 && object.indexOf(LOAD_OBJECT_PREFIX) === 0 && !this.entities.some((e) => e.object === object)) {
        this.session.publish(topic, "", true);
      }
      return;
    }
    const decoded = decodeCommand(ctx.base, topic, payload);
    if (!decoded) return;
    this.session.status.commands++;
    if (!decoded.ok) {
      this.reject(topic, { error: decoded.error });
      return;
    }
    const refused = this.run(decoded.intent);
    if (refused === undefined) this.result({ topic, ok: true });
    else if (typeof refused !== "string") this.reject(topic, { field: refused.field, error: `${refused.field}: ${refused.message}` });
    else this.reject(topic, { refused, text_fr: textOf("fr", refused), text_en: textOf("en", refused) });
  }

  private configOfLoad(id: string): LoadConfig | undefined {
    const loads = this.settings.loads;
    for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
    return undefined;
  }

  /**
   * The energy manager's intents, checked as the REST API checks them (src/web/tank-writes.ts): a field and why when
   * refused, else the core's own reason.
   */
  private runManaged(intent: Extract<MqttIntent, { type: "target" | "boost" | "boost-minutes" | "sg-mode" }>, snapshot: ControllerSnapshot): string | WriteRefusal | undefined {
    const device = this.parts.device;
    const config = this.configOfLoad(intent.loadId);
    if (config === undefined) return "unknown load";
    const nowMs = this.parts.clock.nowMs();
    if (intent.type === "target") {
      const refused = targetRefusal(config, intent.targetTemperatureC);
      if (refused !== undefined) return refused;
      const checked = patchedLoads(this.settings, config.id, { targetTemperatureC: intent.targetTemperatureC }, "targetTemperatureC");
      if (!checked.ok) return checked.refusal ?? { field: "settings", message: checked.errors.map((e) => `${e.field}: ${e.message}`).join("; ") };
      return device.command({ type: "settings", patch: { loads: checked.loads } }).refused;
    }
    if (intent.type === "sg-mode") {
      if (config.kind !== "sg-ready") return { field: "id", message: `${config.id} is a ${config.kind} load, not sg-ready` };
      const override = intent.mode === "auto" ? "auto" : intent.mode === "lock" ? "off" : "on";
      const minutes = this.overrideMinutes[config.id] ?? 0;
      const command: ControllerCommand = override === "auto" || minutes === 0
        ? { type: "load-override", loadId: config.id, override }
        : { type: "load-override", loadId: config.id, override, untilMs: nowMs + minutes * MINUTE_MS };
      return device.command(command).refused;
    }
    if (config.kind !== "water-heater") return { field: "id", message: `${config.id} is a ${config.kind} load, not water-heater` };
    if (intent.type === "boost-minutes") {
      this.boostMinutes[config.id] = intent.minutes;
      this.publishBox(snapshot, nowMs);
      return undefined;
    }
    const minutes = intent.minutes ?? this.boostMinutes[config.id] ?? BOOST_DEFAULT_MINUTES;
    const refused = intent.on ? boostRefusal(minutes) : undefined;
    if (refused !== undefined) return refused;
    return device.command({ type: "dhw-boost", loadId: config.id, durationMs: intent.on ? minutes * MINUTE_MS : 0 }).refused;
  }

  /** One intent, one Device.command (or the bridge's own duration): the reason (or the field and why) when refused. */
  private run(intent: MqttIntent): string | WriteRefusal | undefined {
    const device = this.parts.device;
    const snapshot = device.snapshot();
    if (!snapshot) return "the box is not running";
    if (intent.type === "mode") return device.command({ type: "mode-request", mode: intent.mode, source: "mqtt" }).refused;
    const load = snapshot.loads.find((l) => l.id === intent.loadId);
    if (!load) return "unknown load";
    if (intent.type === "target" || intent.type === "boost" || intent.type === "boost-minutes" || intent.type === "sg-mode") return this.runManaged(intent, snapshot);
    if (intent.type === "override-minutes") {
      this.overrideMinutes[intent.loadId] = intent.minutes;
      this.publishBox(snapshot, this.parts.clock.nowMs());
      return undefined;
    }
    if (intent.type === "override") {
      const minutes = intent.minutes ?? this.overrideMinutes[intent.loadId] ?? 0;
      const untilMs = intent.override !== "auto" && minutes > 0 ? this.parts.clock.nowMs() + minutes * MINUTE_MS : undefined;
      const command: ControllerCommand = untilMs === undefined
        ? { type: "load-override", loadId: intent.loadId, override: intent.override }
        : { type: "load-override", loadId: intent.loadId, override: intent.override, untilMs };
      return device.command(command).refused;
    }
    // A priority is a setting: the whole load list goes as one patch, validated by the core (all or nothing).
    const loads = this.settings.loads.map((l) => (l.id === intent.loadId ? { ...l, priority: intent.priority } : l));
    return device.command({ type: "settings", patch: { loads } }).refused;
  }

  private reject(topic: string, why: Record<string, string | undefined>): void {
    this.session.status.rejected++;
    this.result({ topic, ok: false, ...why });
    // Home Assistant shows what it asked until told otherwise: the state it asked to change goes out again.
    const statePath = topic.slice(0, -4);
    this.sent.delete(statePath);
    const snapshot = this.parts.device.snapshot();
    if (snapshot) this.publishValues(this.source(snapshot), false);
  }

  private result(body: Record<string, unknown>): void {
    this.session.publish(`${this.ctx.base}/result`, jsonText(body), false);
  }
}

/** FNV-1a over the UTF-16 code units: cheap, no allocation, enough to tell a changed config from the same one. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function textOf(lang: "fr" | "en", reason: string): string {
  const texts = REASON_TEXTS[lang] as Readonly<Record<string, string>>;
  return texts[reason] ?? reason;
}
