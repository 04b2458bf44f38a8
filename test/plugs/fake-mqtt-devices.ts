// A Tasmota and a Shelly Gen2+ on a real broker (MQTT.js clients), following the topics and payloads their docs give:
// Tasmota's cmnd/stat/tele with a retained LWT, Shelly's RPC on <id>/rpc answered on <src>/rpc, its retained
// <id>/online and NotifyStatus on <id>/events/rpc. Each can misbehave on demand: never answer, answer an error.
import { connect, type MqttClient } from "mqtt";

export type MqttBehaviour = "ok" | "silent" | "error";

abstract class FakeMqttDevice {
  behaviour: MqttBehaviour = "ok";
  /** Commands taken but not applied (a stuck relay). */
  ignoreCommands = false;
  readonly outputs: boolean[];
  powerW = 0;
  /** Topics and payloads the device received, in order. */
  readonly received: { topic: string; payload: string }[] = [];
  protected client: MqttClient | undefined;

  constructor(channels: number) {
    this.outputs = new Array<boolean>(channels).fill(false);
  }

  /** Connects with its last will and announces itself online (retained), as the firmware does on each connect. */
  async start(port: number): Promise<this> {
    const client = connect({
      host: "127.0.0.1", port, protocolVersion: 4, clientId: this.clientId(), clean: true, reconnectPeriod: 300, keepalive: 5,
      will: { topic: this.willTopic(), payload: Buffer.from(this.offlinePayload()), retain: true, qos: 0 },
    });
    this.client = client;
    client.on("connect", () => {
      client.subscribe(this.commandFilter(), { qos: 0 });
      client.publish(this.willTopic(), this.onlinePayload(), { retain: true });
    });
    client.on("message", (topic, payload) => {
      this.received.push({ topic, payload: payload.toString() });
      if (this.behaviour !== "silent") this.command(topic, payload.toString());
    });
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    return this;
  }

  /** Says offline itself (retained), as a device restarting cleanly does; `vanish` instead leaves it to the will. */
  async stop(vanish = false): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (!vanish) await new Promise<void>((resolve) => client.publish(this.willTopic(), this.offlinePayload(), { retain: true }, () => resolve()));
    await new Promise<void>((resolve) => client.end(vanish, {}, () => resolve()));
  }

  protected publish(topic: string, payload: string, retain = false): void {
    this.client?.publish(topic, payload, { retain });
  }

  protected abstract clientId(): string;
  protected abstract willTopic(): string;
  protected abstract onlinePayload(): string;
  protected abstract offlinePayload(): string;
  protected abstract commandFilter(): string;
  protected abstract command(topic: string, payload: string): void;
}

/** A Tasmota plug with the default FullTopic `%prefix%/%topic%/`: one relay answers `POWER`, several `POWER<n>`. */
export class FakeMqttTasmota extends FakeMqttDevice {
  constructor(readonly topic: string, relays = 1) {
    super(relays);
  }

  /** A hand on the button: the relay flips and the device tells (stat/RESULT and stat/POWER), as Tasmota does. */
  press(relay = 1): void {
    this.outputs[relay - 1] = !this.outputs[relay - 1];
    this.tellPower(relay);
  }

  protected clientId(): string {
    return `DVES_${this.topic}`;
  }
  protected willTopic(): string {
    return `tele/${this.topic}/LWT`;
  }
  protected onlinePayload(): string {
    return "Online";
  }
  protected offlinePayload(): string {
    return "Offline";
  }
  protected commandFilter(): string {
    return `cmnd/${this.topic}/+`;
  }

  protected command(topic: string, payload: string): void {
    const name = topic.slice(`cmnd/${this.topic}/`.length).toUpperCase();
    const power = /^POWER(\d*)$/.exec(name);
    if (power) {
      const relay = power[1] === "" ? 1 : Number(power[1]);
      if (relay < 1 || relay > this.outputs.length) {
        this.publish(`stat/${this.topic}/RESULT`, '{"Command":"Unknown"}');
        return;
      }
      const arg = payload.trim().toUpperCase();
      if (this.behaviour === "error" && arg !== "") {
        this.publish(`stat/${this.topic}/RESULT`, '{"Command":"Error"}');
        return;
      }
      if ((arg === "ON" || arg === "1") && !this.ignoreCommands) this.outputs[relay - 1] = true;
      if ((arg === "OFF" || arg === "0") && !this.ignoreCommands) this.outputs[relay - 1] = false;
      this.tellPower(relay);
    } else if (name === "STATUS" && payload.trim() === "8") {
      const on = this.outputs[0];
      this.publish(`stat/${this.topic}/STATUS8`, JSON.stringify({ StatusSNS: { Time: "2026-01-15T07:00:00", ENERGY: { TotalStartTime: "2025-11-02T10:11:12", Total: 12.345, Yesterday: 1.2, Today: 0.4, Power: on ? this.powerW : 0, Voltage: 230, Current: 0.2 } } }));
    } else {
      this.publish(`stat/${this.topic}/RESULT`, '{"Command":"Unknown"}');
    }
  }

  private tellPower(relay: number): void {
    const key = this.outputs.length === 1 ? "POWER" : `POWER${relay}`;
    const state = this.outputs[relay - 1] ? "ON" : "OFF";
    this.publish(`stat/${this.topic}/RESULT`, JSON.stringify({ [key]: state }));
    this.publish(`stat/${this.topic}/${key}`, state);
  }
}

/** A Shelly Plus Plug S (one metering switch) with RPC over MQTT and RPC notifications on, its prefix its id. */
export class FakeMqttShelly extends FakeMqttDevice {
  constructor(readonly id: string, channels = 1) {
    super(channels);
  }

  protected clientId(): string {
    return this.id;
  }
  protected willTopic(): string {
    return `${this.id}/online`;
  }
  protected onlinePayload(): string {
    return "true";
  }
  protected offlinePayload(): string {
    return "false";
  }
  protected commandFilter(): string {
    return `${this.id}/rpc`;
  }

  protected command(_topic: string, payload: string): void {
    let frame: { id?: unknown; src?: unknown; method?: unknown; params?: { id?: unknown; on?: unknown } };
    try {
      frame = JSON.parse(payload);
    } catch {
      return; // Shelly ignores a frame it cannot parse
    }
    if (typeof frame.src !== "string") return;
    const reply = (body: Record<string, unknown>): void => this.publish(`${frame.src}/rpc`, JSON.stringify({ id: frame.id, src: this.id, dst: frame.src, ...body }));
    const ch = typeof frame.params?.id === "number" ? frame.params.id : 0;
    if (this.behaviour === "error") {
      reply({ error: { code: -103, message: `Invalid argument 'id': switch ${ch} is locked by a script!` } });
      return;
    }
    if (!(ch >= 0 && ch < this.outputs.length)) {
      reply({ error: { code: -105, message: `Argument 'id', value ${ch} not found!` } });
      return;
    }
    if (frame.method === "Switch.Set") {
      if (typeof frame.params?.on !== "boolean") {
        reply({ error: { code: -103, message: "Invalid argument 'on'!" } });
        return;
      }
      const wasOn = this.outputs[ch];
      if (!this.ignoreCommands) this.outputs[ch] = frame.params.on;
      reply({ result: { was_on: wasOn } });
      if (this.outputs[ch] !== wasOn) {
        this.publish(`${this.id}/events/rpc`, JSON.stringify({ src: this.id, dst: `${this.id}/events`, method: "NotifyStatus", params: { ts: 1764518400.1, [`switch:${ch}`]: { id: ch, output: this.outputs[ch], source: "MQTT" } } }));
      }
    } else if (frame.method === "Switch.GetStatus") {
      const on = this.outputs[ch];
      reply({ result: { id: ch, source: "MQTT", output: on, apower: on ? this.powerW : 0, voltage: 231.4, current: on ? this.powerW / 231.4 : 0, aenergy: { total: 1234.5 }, temperature: { tC: 36.2, tF: 97.2 } } });
    } else {
      reply({ error: { code: 404, message: `No handler for ${String(frame.method)}` } });
    }
  }
}
