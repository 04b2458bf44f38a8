// Tasmota and Shelly Gen2+ plugs over the box's MQTT broker (mqtt-link.ts): the command, its read-back, and what the
// devices publish unasked (their last will, a hand on the button, their power). Pure topic and payload handling on
// the link; the retries, polls and what the core is told stay in PlugOutput.

import type { TimerHandle } from "../../hal/types";
import { PLUG_REQUEST_TIMEOUT_MS } from "./http-transport";
import { MQTT_NOT_CONNECTED, type PlugMqttLink, type PlugRoute } from "./mqtt-link";
import { parseJsonObject, wattsOf, type Answer, type PlugNews, type PlugReading, type PlugTransport } from "./protocol";
import { shellyReading } from "./shelly";
import { parseTasmotaEnergy, parseTasmotaPower, parseTasmotaSensor } from "./tasmota";

const NO_ANSWER = `no answer within ${PLUG_REQUEST_TIMEOUT_MS / 1000} s`;
/** A device's own error text goes to the page and the log: bounded, it is untrusted input. */
const DEVICE_TEXT_MAX_CHARS = 80;

type Waited = "power" | "energy";

/**
 * Tasmota's MQTT (tasmota.github.io/docs/MQTT, /docs/Commands), default FullTopic `%prefix%/%topic%/`:
 * `cmnd/<topic>/POWER<n>` with `ON`/`OFF` switches (an empty payload asks), the answer on `stat/<topic>/RESULT`
 * `{"POWER<n>":"ON"}` (`{"POWER":"ON"}` on a one-relay device) and `stat/<topic>/POWER<n>` `ON`; `cmnd/<topic>/STATUS`
 * `8` answers on `stat/<topic>/STATUS8` `{"StatusSNS":{"ENERGY":{"Power":..}}}`; `tele/<topic>/LWT` is retained
 * `Online`/`Offline`, `tele/<topic>/STATE` carries `POWER<n>`, `tele/<topic>/SENSOR` `{"ENERGY":{"Power":..}}`.
 */
export class TasmotaMqttTransport implements PlugTransport, PlugRoute {
  private readonly link: PlugMqttLink | undefined;
  private readonly topic: string;
  private readonly relay: number;
  private waiting: { what: Waited; resolve: (value: PlugReading | number | null | undefined) => void; timer: TimerHandle } | undefined;
  private listener: ((news: PlugNews) => void) | undefined;

  constructor(link: PlugMqttLink | undefined, topic: string, relay: number) {
    this.link = link;
    this.topic = topic;
    this.relay = relay;
    link?.add(this);
  }

  get where(): string {
    return `mqtt:tasmota/${this.topic}`;
  }

  filters(): string[] {
    return [`stat/${this.topic}/+`, `tele/${this.topic}/+`];
  }

  async set(on: boolean): Promise<Answer<PlugReading | undefined>> {
    // The RESULT of the command is the device's state after it: the read-back.
    return this.ask(on ? "ON" : "OFF");
  }

  read(): Promise<Answer<PlugReading>> {
    return this.ask("");
  }

  onNews(listener: (news: PlugNews) => void): void {
    this.listener = listener;
  }

  stop(): void {
    this.link?.remove(this);
    this.settle(undefined);
  }

  owns(topic: string): boolean {
    const n = this.topic.length;
    return topic.length > n + 6 && topic.charAt(5 + n) === "/" && topic.slice(5, 5 + n) === this.topic && (topic.indexOf("stat/") === 0 || topic.indexOf("tele/") === 0);
  }

  deliver(topic: string, text: string): void {
    const name = topic.slice(6 + this.topic.length);
    if (topic.charAt(0) === "s") {
      if (name === "STATUS8" || name === "STATUS10") {
        if (this.waiting?.what === "energy") this.settle(parseTasmotaEnergy(text, this.relay));
        return;
      }
      let reading: PlugReading | null = null;
      if (name === "RESULT") reading = parseTasmotaPower(text, this.relay);
      else if (name === `POWER${this.relay}` || (this.relay === 1 && name === "POWER")) reading = text === "ON" ? { on: true } : text === "OFF" ? { on: false } : null;
      if (reading === null) return;
      if (this.waiting?.what === "power") this.settle(reading);
      else this.listener?.({ reading });
      return;
    }
    if (name === "LWT") {
      if (text === "Offline") this.listener?.({ online: false, why: "device offline (its MQTT last will)" });
      else if (text === "Online") this.listener?.({ online: true });
    } else if (name === "STATE") {
      const reading = parseTasmotaPower(text, this.relay);
      if (reading !== null) this.listener?.({ reading });
    } else if (name === "SENSOR") {
      const powerW = parseTasmotaSensor(text, this.relay);
      if (powerW !== null) this.listener?.({ reading: { powerW } });
    }
  }

  linkUp(): void {
    this.listener?.({ online: true });
  }

  /** One POWER command or query, its state, then (when on) its power from STATUS 8 as the HTTP plug reads it. */
  private async ask(payload: string): Promise<Answer<PlugReading>> {
    const link = this.link;
    if (link === undefined) return { ok: false, why: MQTT_NOT_CONNECTED };
    const state = await this.exchange(link, "power", `cmnd/${this.topic}/POWER${this.relay}`, payload);
    if (typeof state === "string") return { ok: false, why: state };
    const reading = state as PlugReading;
    if (!reading.on) reading.powerW = 0;
    else {
      const powerW = await this.exchange(link, "energy", `cmnd/${this.topic}/STATUS`, "8");
      // A device without a meter answers STATUS8 without ENERGY, or not at all: no power, not a failure.
      if (typeof powerW === "number") reading.powerW = powerW;
    }
    return { ok: true, value: reading };
  }

  /** Publishes and waits for the answer of that kind: the value, or why none (a string). */
  private exchange(link: PlugMqttLink, what: Waited, topic: string, payload: string): Promise<PlugReading | number | null | string> {
    return new Promise((resolve) => {
      const timer = link.timers.setTimeout(() => {
        this.waiting = undefined;
        resolve(NO_ANSWER);
      }, PLUG_REQUEST_TIMEOUT_MS);
      this.waiting = { what, timer, resolve: (value) => resolve(value === undefined ? "stopped" : value) };
      const refused = link.publish(topic, payload);
      if (refused !== undefined) {
        link.timers.clear(timer);
        this.waiting = undefined;
        resolve(refused);
      }
    });
  }

  private settle(value: PlugReading | number | null | undefined): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    this.link?.timers.clear(waiting.timer);
    waiting.resolve(value);
  }
}

/**
 * Shelly Gen2+ over MQTT (shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Mqtt, General/Notifications):
 * RPC `Switch.Set` then `Switch.GetStatus` (its result `{"id":0,"output":true,"apower":12.3,...}`) through the link;
 * `<prefix>/online` retained `true`/`false`; `<prefix>/events/rpc` NotifyStatus `{"params":{"switch:0":{...}}}`
 * (RPC notifications, on by default); `<prefix>/status/switch:0` the whole status ("generic status update", opt-in).
 */
export class ShellyMqttTransport implements PlugTransport, PlugRoute {
  private readonly link: PlugMqttLink | undefined;
  private readonly device: string;
  private readonly channel: number;
  private listener: ((news: PlugNews) => void) | undefined;

  constructor(link: PlugMqttLink | undefined, device: string, channel: number) {
    this.link = link;
    this.device = device;
    this.channel = channel;
    link?.add(this);
  }

  get where(): string {
    return `mqtt:${this.device}`;
  }

  filters(): string[] {
    return [`${this.device}/online`, `${this.device}/events/rpc`, `${this.device}/status/switch:${this.channel}`];
  }

  async set(on: boolean): Promise<Answer<PlugReading | undefined>> {
    const answer = await this.call("Switch.Set", `{"id":${this.channel},"on":${on ? "true" : "false"}}`);
    if (!answer.ok) return answer;
    // The read-back follows (Switch.GetStatus): was_on says the command was taken, not what the output is now.
    if (typeof answer.value.was_on !== "boolean") return { ok: false, why: "unexpected answer to the command" };
    return { ok: true, value: undefined };
  }

  async read(): Promise<Answer<PlugReading>> {
    const answer = await this.call("Switch.GetStatus", `{"id":${this.channel}}`);
    if (!answer.ok) return answer;
    const reading = shellyReading(answer.value, this.channel);
    return reading === null ? { ok: false, why: "unexpected status answer" } : { ok: true, value: reading };
  }

  onNews(listener: (news: PlugNews) => void): void {
    this.listener = listener;
  }

  stop(): void {
    this.link?.remove(this);
  }

  owns(topic: string): boolean {
    const n = this.device.length;
    if (topic.length <= n || topic.charAt(n) !== "/" || topic.slice(0, n) !== this.device) return false;
    const name = topic.slice(n + 1);
    return name === "online" || name === "events/rpc" || name === `status/switch:${this.channel}`;
  }

  deliver(topic: string, text: string): void {
    const name = topic.slice(this.device.length + 1);
    if (name === "online") {
      if (text === "false") this.listener?.({ online: false, why: "device offline (its MQTT online topic)" });
      else if (text === "true") this.listener?.({ online: true });
      return;
    }
    let status: unknown;
    if (name === "events/rpc") {
      const frame = parseJsonObject(text);
      const params = frame !== null && frame.method === "NotifyStatus" ? frame.params : undefined;
      status = typeof params === "object" && params !== null ? (params as Record<string, unknown>)[`switch:${this.channel}`] : undefined;
    } else status = parseJsonObject(text);
    if (typeof status !== "object" || status === null) return;
    // A notification carries what changed only: an output, a power, or both.
    const s = status as Record<string, unknown>;
    const reading: Partial<PlugReading> = {};
    if (typeof s.output === "boolean") reading.on = s.output;
    const powerW = wattsOf(s.apower);
    if (powerW !== undefined) reading.powerW = powerW;
    if (reading.on !== undefined || reading.powerW !== undefined) this.listener?.({ reading });
  }

  linkUp(): void {
    this.listener?.({ online: true });
  }

  /** One RPC: its result object, or why none (no answer, the device's error). */
  private async call(method: string, params: string): Promise<Answer<Record<string, unknown>>> {
    if (this.link === undefined) return { ok: false, why: MQTT_NOT_CONNECTED };
    const answer = await this.link.rpc(this.device, method, params);
    if (!answer.ok) return answer;
    return shellyResult(answer.value);
  }
}

/** An RPC answer frame's result, or its error as `Shelly error <code>: <message>`. */
export function shellyResult(frame: Record<string, unknown>): Answer<Record<string, unknown>> {
  const error = frame.error;
  if (typeof error === "object" && error !== null) {
    const e = error as Record<string, unknown>;
    const message = typeof e.message === "string" ? e.message.slice(0, DEVICE_TEXT_MAX_CHARS) : "";
    return { ok: false, why: `Shelly error ${typeof e.code === "number" ? e.code : "?"}${message !== "" ? `: ${message}` : ""}` };
  }
  const result = frame.result;
  if (typeof result !== "object" || result === null || Array.isArray(result)) return { ok: false, why: "unexpected answer to the command" };
  return { ok: true, value: result as Record<string, unknown> };
}
