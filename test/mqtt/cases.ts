// MQTT cases shared by jest (test/mqtt/codec.test.ts) and the XS lane (test/xs/mqtt.xs.ts), so the lanes cannot drift:
// URL and command decoding tables, and the whole bridge on a real Device over an in-memory broker link.
import type { MqttConnectOptions, MqttConnection, MqttNetwork, MqttPublishOptions } from "../../hal/types";
import { VirtualTime } from "../../host-sim/virtual-time";
import { utf8Encode } from "../../lib/bytes";
import { createCore } from "../../src/device/core";
import { Device, type LoadWiring } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { MqttBridge } from "../../src/mqtt/bridge";
import { decodeCommand, type Decoded } from "../../src/mqtt/commands";
import { mqttConfigOf, parseBrokerUrl } from "../../src/mqtt/config";
import { meterEntities } from "../../src/mqtt/entities";
import { LOAD_KINDS } from "../../src/loads/kinds";
import { FOLLOW_HOLD_MS, FOLLOW_RENEW_MS, FOLLOW_SILENCE_MS, Follower } from "../../src/mqtt/follow";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import type { TicReading } from "../../src/tic/types";
import { haProblems, parseConfigTopic } from "./ha-rules";

export const URL_CASES: readonly { url: string; expect: string }[] = [
  { url: "mqtt://192.168.1.10", expect: "192.168.1.10:1883" },
  { url: "mqtt://broker.local:1884", expect: "broker.local:1884" },
  { url: "mqtt://ha:s%40cret@10.0.0.2:1883", expect: "ha:s@cret@10.0.0.2:1883" },
  { url: "mqtt://[::1]:1883/", expect: "::1:1883" },
  { url: "mqtt://host:0", expect: "error" },
  { url: "mqtt://host:70000", expect: "error" },
  { url: "http://host:1883", expect: "error" },
  { url: "mqtt://", expect: "error" },
  { url: "mqtt://a b:1", expect: "error" },
  { url: "mqtt://u:%zz@host", expect: "error" },
];

export function runUrlCase(url: string): string {
  const parsed = parseBrokerUrl(url);
  if (!parsed.ok) return "error";
  const b = parsed.broker;
  return `${b.user !== undefined ? `${b.user}:${b.password ?? ""}@` : ""}${b.host}:${b.port}`;
}

const B = "delesteur/abc";
export const COMMAND_CASES: readonly { topic: string; payload: string; expect: string }[] = [
  { topic: `${B}/mode/set`, payload: "HEAT", expect: "mode HEAT" },
  { topic: `${B}/mode/set`, payload: " auto ", expect: "mode AUTO" },
  { topic: `${B}/mode/set`, payload: "ECO", expect: "error" },
  { topic: `${B}/load/salon/override/set`, payload: "on", expect: "override salon on" },
  { topic: `${B}/load/salon/override/set`, payload: '{"override":"off","minutes":90}', expect: "override salon off 90" },
  { topic: `${B}/load/salon/override/set`, payload: '{"override":"off","minutes":90.5}', expect: "error" },
  { topic: `${B}/load/salon/override/set`, payload: '{"override":"on","until":1}', expect: "error" },
  { topic: `${B}/load/salon/override/set`, payload: "{", expect: "error" },
  { topic: `${B}/load/salon/override/set`, payload: "ON", expect: "error" },
  { topic: `${B}/load/salon/override_minutes/set`, payload: "45.0", expect: "minutes salon 45" },
  { topic: `${B}/load/salon/override_minutes/set`, payload: "10081", expect: "error" },
  { topic: `${B}/load/salon/priority/set`, payload: "3", expect: "priority salon 3" },
  { topic: `${B}/load/salon/priority/set`, payload: "5", expect: "error" },
  { topic: `${B}/load/salon/priority/set`, payload: "-1", expect: "error" },
  { topic: `${B}/load/Salon!/priority/set`, payload: "1", expect: "error" },
  { topic: `${B}/load/salon/priority/set`, payload: "1".repeat(300), expect: "error" },
  // The energy manager's (issue #14): the range and the kind are the bridge's checks, the API's own.
  { topic: `${B}/load/ballon/target_temperature/set`, payload: "60.0", expect: "target ballon 60" },
  { topic: `${B}/load/ballon/target_temperature/set`, payload: "90", expect: "target ballon 90" },
  { topic: `${B}/load/ballon/target_temperature/set`, payload: "chaud", expect: "error" },
  { topic: `${B}/load/ballon/boost/set`, payload: "ON", expect: "boost ballon on" },
  { topic: `${B}/load/ballon/boost/set`, payload: "OFF", expect: "boost ballon off" },
  { topic: `${B}/load/ballon/boost/set`, payload: "45", expect: "boost ballon on 45" },
  { topic: `${B}/load/ballon/boost/set`, payload: "10", expect: "error" },
  { topic: `${B}/load/ballon/boost/set`, payload: "on", expect: "error" },
  { topic: `${B}/load/ballon/boost_minutes/set`, payload: "120", expect: "boost-minutes ballon 120" },
  { topic: `${B}/load/ballon/boost_minutes/set`, payload: "121", expect: "error" },
  { topic: `${B}/load/pac/sg_mode/set`, payload: "lock", expect: "sg-mode pac lock" },
  { topic: `${B}/load/pac/sg_mode/set`, payload: "recommended", expect: "error" },
  { topic: `${B}/load/salon/state`, payload: "ON", expect: "none" },
  { topic: `${B}/load/salon/colour/set`, payload: "red", expect: "none" },
  { topic: `other/abc/mode/set`, payload: "HEAT", expect: "none" },
];

export function runCommandCase(topic: string, payload: string): string {
  const d: Decoded | undefined = decodeCommand(B, topic, utf8Encode(payload));
  if (!d) return "none";
  if (!d.ok) return "error";
  const i = d.intent;
  if (i.type === "mode") return `mode ${i.mode}`;
  if (i.type === "override") return `override ${i.loadId} ${i.override}${i.minutes !== undefined ? ` ${i.minutes}` : ""}`;
  if (i.type === "override-minutes") return `minutes ${i.loadId} ${i.minutes}`;
  if (i.type === "target") return `target ${i.loadId} ${i.targetTemperatureC}`;
  if (i.type === "boost") return `boost ${i.loadId} ${i.on ? "on" : "off"}${i.minutes !== undefined ? ` ${i.minutes}` : ""}`;
  if (i.type === "boost-minutes") return `boost-minutes ${i.loadId} ${i.minutes}`;
  if (i.type === "sg-mode") return `sg-mode ${i.loadId} ${i.mode}`;
  return `priority ${i.loadId} ${i.priority}`;
}

/** Index values of a meter whose red counters never moved: zeros are figures, published as "0". */
export function zeroIndexValues(): string[] {
  const r = { indexesWh: { BBRHCJB: 1000, BBRHPJB: 2000, BBRHCJW: 0, BBRHPJW: 0, BBRHCJR: 0, BBRHPJR: 0 }, currentsA: [3] } as unknown as TicReading;
  return meterEntities(r).filter((e) => e.object.indexOf("index_") === 0).map((e) => `${e.object}=${e.value({ snapshot: undefined as never, reading: r })}`);
}

/** An in-memory broker link: accepts at the next timer turn, records what the bridge sends, delivers what we say. */
export class LoopbackMqtt implements MqttNetwork {
  readonly sessions: LoopbackSession[] = [];
  constructor(private readonly time: VirtualTime) {}
  connect(options: MqttConnectOptions): MqttConnection {
    const session = new LoopbackSession(options);
    this.sessions.push(session);
    this.time.setTimeout(() => session.accept(), 0);
    return session;
  }
}

export class LoopbackSession implements MqttConnection {
  readonly published: { topic: string; payload: string; retain: boolean }[] = [];
  readonly subscriptions: string[] = [];
  private connectHandler: (() => void) | undefined;
  private messageHandler: ((topic: string, payload: Uint8Array) => void) | undefined;
  closed = false;
  constructor(readonly options: MqttConnectOptions) {}
  accept(): void {
    if (!this.closed) this.connectHandler?.();
  }
  deliver(topic: string, payload: string): void {
    this.messageHandler?.(topic, utf8Encode(payload));
  }
  publish(topic: string, payload: string, options: MqttPublishOptions): boolean {
    if (this.closed) return false;
    this.published.push({ topic, payload, retain: options.retain });
    return true;
  }
  subscribe(filter: string): void {
    this.subscriptions.push(filter);
  }
  onMessage(handler: (topic: string, payload: Uint8Array) => void): void {
    this.messageHandler = handler;
  }
  onConnect(handler: () => void): void {
    this.connectHandler = handler;
  }
  onClose(): void {}
  close(): void {
    this.closed = true;
  }
}

export interface BridgeRun {
  configs: number;
  problems: string[];
  duplicateIds: number;
  /** Topics of the six Tempo indexes with their retained value. */
  indexes: string[];
  today: string | undefined;
  will: string;
  refusal: string | undefined;
  /** What the same capture a second time sent beyond changed meter figures (nothing expected). */
  resentOnReplay: string[];
}

/** A real Device (real core, one heater) and its started MQTT bridge on the loopback link, at a virtual time. */
export interface BridgedBox {
  time: VirtualTime;
  device: Device;
  network: LoopbackMqtt;
  bridge: MqttBridge;
  /** Meter bytes into the Device's decoder. */
  feed(chunk: Uint8Array): void;
}

const ONE_HEATER: readonly BoxLoad[] = [{ id: "salon", name: "Salon", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 }];

/** A load of a bridged box: its settings (the kind's own fields at their defaults unless given). */
export interface BoxLoad {
  id: string;
  name: string;
  kind: string;
  nominalPowerW: number;
  [field: string]: unknown;
}

/** `beforeStart` sees the Device before it starts (to subscribe an observer first); `loads` the board's loads. */
export function startBridgedBox(atIso: string, beforeStart: (device: Device) => void = () => undefined, loads: readonly BoxLoad[] = ONE_HEATER): BridgedBox {
  const time = new VirtualTime(parseIsoWithOffset(atIso));
  const store = new MemoryStore();
  const logger = { log: () => undefined };
  const core = createCore({ store, logger, ticMode: "historic", defaultLoads: loads });
  let feed: ((chunk: Uint8Array) => void) | undefined;
  const wiring: Record<string, LoadWiring> = {};
  for (const l of loads) wiring[l.id] = { kind: l.kind, outputs: new Array(LOAD_KINDS[l.kind].contacts).fill(0).map(() => ({ write: () => undefined })) };
  const device = new Device({
    clock: time, timers: time, logger, store, system: { restart: () => undefined },
    meter: { onBytes: (h) => void (feed = h), close: () => undefined },
    loads: wiring,
    redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  beforeStart(device);
  device.start();
  const network = new LoopbackMqtt(time);
  const bridge = new MqttBridge({
    device, network, timers: time, clock: time, logger, settings: core.settings, boxId: "0a0b0c0d0e0f",
    info: { name: "Délesteur", model: "xs", swVersion: "0" },
    configOf: (s) => mqttConfigOf({ ...s, mqttEnabled: true, mqttUrl: "mqtt://127.0.0.1" }),
  });
  bridge.start();
  time.advance(1);
  return { time, device, network, bridge, feed: (chunk) => feed?.(chunk) };
}

/** The bridge on a real Device (real core) fed a meter capture, over the loopback link: what HA would receive. */
export function runBridge(capture: Uint8Array, atIso: string): BridgeRun {
  const { time, device, network, bridge, feed } = startBridgedBox(atIso);
  feed(capture);
  const session = network.sessions[0];
  const last: Record<string, string> = {};
  for (const m of session.published) last[m.topic] = m.payload;
  const problems: string[] = [];
  const ids: Record<string, true> = {};
  let configs = 0;
  let duplicateIds = 0;
  for (const topic in last) {
    const parsed = parseConfigTopic("homeassistant", topic);
    if (!parsed || last[topic] === "") continue;
    configs++;
    const config = JSON.parse(last[topic]) as Record<string, unknown>;
    for (const p of haProblems({ ...parsed, config })) problems.push(p);
    const uid = String(config.unique_id);
    if (ids[uid]) duplicateIds++;
    ids[uid] = true;
  }
  const base = "delesteur/0a0b0c0d0e0f";
  const indexes: string[] = [];
  for (const label of ["bbrhcjb", "bbrhpjb", "bbrhcjw", "bbrhpjw", "bbrhcjr", "bbrhpjr"]) indexes.push(`${label}=${last[`${base}/index/${label}`]}`);
  // The capture again: its frames' figures change within it, but discovery and the box's facts are not re-sent.
  const before = session.published.length;
  feed?.(capture);
  const meterTopic = /\/(power_va|index\/[a-z0-9]+|current_l\d|state)$/;
  const resentOnReplay = session.published.slice(before).map((m) => m.topic).filter((t) => !meterTopic.test(t));
  session.deliver(`${base}/mode/set`, "HEAT");
  const results = session.published.filter((m) => m.topic === `${base}/result`);
  return {
    configs,
    problems,
    duplicateIds,
    indexes,
    today: last[`${base}/today_colour`],
    will: `${session.options.will.topic}=${session.options.will.payload}/${session.options.will.retain}`,
    refusal: results.length > 0 ? results[results.length - 1].payload : undefined,
    resentOnReplay,
  };
}

/**
 * The follower on a real Device (no meter of its own) fed a leader's messages by hand: what each step leaves on our
 * followed load `p` (override / end in minutes from now) and the follower's word for it. Shared by jest and XS.
 */
export function runFollowerCase(): string[] {
  const time = new VirtualTime(parseIsoWithOffset("2026-01-14T09:00:00+01:00"));
  const store = new MemoryStore();
  const logger = { log: () => undefined };
  const loads = [
    { id: "p", name: "Prise", kind: "relay", priority: 2, nominalPowerW: 1000 },
    { id: "q", name: "Autre", kind: "relay", priority: 2, nominalPowerW: 1000 },
  ];
  const core = createCore({ store, logger, ticMode: "historic", defaultLoads: loads });
  const device = new Device({
    clock: time, timers: time, logger, store, system: { restart: () => undefined },
    meter: { onBytes: () => undefined, close: () => undefined },
    loads: { p: { kind: "relay", outputs: [{ write: () => undefined }] }, q: { kind: "relay", outputs: [{ write: () => undefined }] } },
    redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  device.start();
  const follower = new Follower({ leaderBase: "delesteur/lead", loads: { p: "salon", q: "ballon", gone: "x" } }, device);
  const out: string[] = [];
  const say = (step: string): void => {
    const p = device.snapshot()!.loads.find((l) => l.id === "p")!;
    const until = p.overrideUntilMs === undefined ? "" : `/${Math.round((p.overrideUntilMs - time.nowMs()) / 60_000)}min`;
    out.push(`${step}: ${p.override}${until} ${follower.status(time.nowMs()).loads.p}`);
  };
  const send = (topic: string, payload: string): boolean => follower.message(`delesteur/lead/${topic}`, utf8Encode(payload), time.nowMs());
  send("load/salon/state", "OFF");
  say("state before availability");
  send("status", "online");
  say("online, salon OFF");
  send("load/salon/state", "ON");
  say("salon ON");
  time.advance(FOLLOW_HOLD_MS - FOLLOW_RENEW_MS + 60_000);
  send("state", "{}");
  say("6 min later, a sign of life");
  time.advance(FOLLOW_SILENCE_MS);
  follower.apply(time.nowMs());
  say("silent");
  send("state", "{}");
  say("heard again");
  device.command({ type: "load-override", loadId: "p", override: "off" });
  send("load/salon/state", "OFF");
  say("the owner forced it off");
  device.command({ type: "load-override", loadId: "p", override: "auto" });
  send("load/salon/state", "ON");
  say("the owner let go");
  send("load/salon/state", "x".repeat(300));
  say("a state that is no word");
  send("load/salon/state", "ON");
  send("status", "offline");
  say("leader offline");
  out.push(`not the leader's topic: ${follower.message("delesteur/leader2/status", utf8Encode("online"), time.nowMs())}`);
  out.push(`a load we do not have: ${follower.status(time.nowMs()).loads.gone}`);
  return out;
}

export const FOLLOWER_EXPECTED: readonly string[] = [
  "state before availability: auto leader-unknown",
  "online, salon OFF: off/10min following",
  "salon ON: on/10min following",
  "6 min later, a sign of life: on/10min following",
  "silent: auto leader-silent",
  "heard again: on/10min following",
  "the owner forced it off: off owner",
  "the owner let go: on/10min following",
  "a state that is no word: auto leader-unknown",
  "leader offline: auto leader-offline",
  "not the leader's topic: false",
  "a load we do not have: no-such-load",
];
