// The smart plugs' side of the box's one MQTT session (src/mqtt/bridge.ts MqttBridge.attach): each MQTT plug's
// topics subscribed on every (re)connect and their messages routed to it, and Shelly's RPC over MQTT (a request id,
// the answer on `<our client id>/rpc`, a time-out). Never retains, never blocks: a message not sent is an answer
// "not sent", at once.

import type { TimerHandle, Timers } from "../../hal/types";
import { utf8Decode } from "../../lib/bytes";
import type { MqttChannel, MqttTap } from "../mqtt/bridge";
import { PLUG_MAX_BODY_BYTES, PLUG_REQUEST_TIMEOUT_MS } from "./http-transport";
import { parseJsonObject, type Answer } from "./protocol";

/** One plug's topics: the filters it subscribes, which topics are its own, what it does with them. */
export interface PlugRoute {
  /** Built when subscribing (each connect), not kept: a few dozen bytes per plug the heap keeps otherwise. */
  filters(): string[];
  owns(topic: string): boolean;
  /** A message on one of its topics, decoded (a payload over PLUG_MAX_BODY_BYTES is never decoded nor delivered). */
  deliver(topic: string, text: string): void;
  /** The box's session is (back) up: the device may have changed meanwhile. */
  linkUp(): void;
}

/** Ids wrap below 2^31: Shelly takes any JSON number, and a small integer stays a small XS value. */
const RPC_ID_WRAP = 0x7fffffff;
/** The box's MQTT settings say where the broker is; until the session is up no plug can be reached. */
export const MQTT_NOT_CONNECTED = "the box's MQTT link is not connected (settings: MQTT broker)";
export const MQTT_LINK_DOWN = "the box's MQTT link is down";

interface PendingRpc {
  id: number;
  resolve: (answer: Answer<Record<string, unknown>>) => void;
  timer: TimerHandle;
}

export class PlugMqttLink implements MqttTap {
  readonly timers: Timers;
  private channel: MqttChannel | undefined;
  private readonly routes: PlugRoute[] = [];
  /** Shelly requests waiting for their answer: at most one per Shelly plug (PlugOutput runs one exchange at a time). */
  private readonly pending: PendingRpc[] = [];
  private nextId = 1;
  private rpcTopic = "";

  constructor(timers: Timers) {
    this.timers = timers;
  }

  add(route: PlugRoute): void {
    this.routes.push(route);
    const channel = this.channel;
    if (channel === undefined) return;
    if (this.routes.length === 1) channel.subscribe(this.rpcTopic);
    for (const filter of route.filters()) channel.subscribe(filter);
  }

  remove(route: PlugRoute): void {
    const at = this.routes.indexOf(route);
    if (at >= 0) this.routes.splice(at, 1);
  }

  /** The session is up (first connect or again): every plug's topics subscribed (the broker forgot them). */
  online(channel: MqttChannel): void {
    this.channel = channel;
    this.rpcTopic = `${channel.clientId}/rpc`;
    if (this.routes.length === 0) return;
    channel.subscribe(this.rpcTopic);
    for (const route of this.routes) for (const filter of route.filters()) channel.subscribe(filter);
    for (const route of this.routes.slice()) route.linkUp();
  }

  message(topic: string, payload: Uint8Array): boolean {
    if (topic === this.rpcTopic) {
      if (payload.length <= PLUG_MAX_BODY_BYTES) this.rpcAnswer(utf8Decode(payload));
      return true;
    }
    let text: string | undefined;
    let mine = false;
    for (let i = 0; i < this.routes.length; i++) {
      const route = this.routes[i];
      if (!route.owns(topic)) continue;
      mine = true;
      // A Pro's full status notification can be several KB: none of what a plug needs is that long.
      if (payload.length > PLUG_MAX_BODY_BYTES) break;
      text ??= utf8Decode(payload);
      route.deliver(topic, text);
    }
    return mine;
  }

  /** Sends one command (QoS 0, never retained: a retained command would switch the device again at each of its boots). */
  publish(topic: string, payload: string): string | undefined {
    const channel = this.channel;
    if (channel === undefined) return MQTT_NOT_CONNECTED;
    return channel.publish(topic, payload) ? undefined : MQTT_LINK_DOWN;
  }

  /**
   * Shelly's RPC over MQTT: `{"id":N,"src":"<client id>","method":...,"params":...}` to `<device>/rpc`, the answer
   * frame `{"id":N,"src":"<device id>","dst":"<client id>","result":{...}}` or `{... "error":{"code","message"}}` on
   * `<client id>/rpc` (shelly-api-docs.shelly.cloud/gen2/General/RPCProtocol, RPCChannels "MQTT"). The whole frame.
   */
  rpc(device: string, method: string, params: string): Promise<Answer<Record<string, unknown>>> {
    const channel = this.channel;
    if (channel === undefined) return Promise.resolve({ ok: false, why: MQTT_NOT_CONNECTED });
    const id = this.nextId;
    this.nextId = id >= RPC_ID_WRAP ? 1 : id + 1;
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => {
        this.take(id);
        resolve({ ok: false, why: `no answer within ${PLUG_REQUEST_TIMEOUT_MS / 1000} s` });
      }, PLUG_REQUEST_TIMEOUT_MS);
      this.pending.push({ id, resolve, timer });
      if (!channel.publish(`${device}/rpc`, `{"id":${id},"src":${JSON.stringify(channel.clientId)},"method":"${method}","params":${params}}`)) {
        this.timers.clear(timer);
        this.take(id);
        resolve({ ok: false, why: MQTT_LINK_DOWN });
      }
    });
  }

  private take(id: number): PendingRpc | undefined {
    for (let i = 0; i < this.pending.length; i++) if (this.pending[i].id === id) return this.pending.splice(i, 1)[0];
    return undefined;
  }

  private rpcAnswer(text: string): void {
    const frame = parseJsonObject(text);
    if (frame === null || typeof frame.id !== "number") return;
    const waiting = this.take(frame.id);
    if (waiting === undefined) return; // late (timed out) or not ours
    this.timers.clear(waiting.timer);
    waiting.resolve({ ok: true, value: frame });
  }
}
