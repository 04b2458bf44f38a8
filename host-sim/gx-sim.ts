// A Victron GX as dbus-flashmq shows it on its broker, for the tests and for `npm start -- --mqtt URL --gx-sim`:
// retained serial, N/ values while kept alive, R/ reads answered, W/ writes applied within Venus OS's ranges (its own
// copy of them), one path refusable; with an installation (gx-installation.ts) the values move with the sun, the house
// and the ESS settings written. Node-only; talks to a real broker (mosquitto) through MQTT.js.
import { connect, type MqttClient } from "mqtt";
import type { Clock } from "../hal/types";
import type { GxInstallation } from "./gx-installation";

/** Venus OS localsettings' ranges, written out again here so the box's own table is tested, not reused. */
const VENUS_RANGES: Record<string, [number, number]> = {
  "BatteryLife/MinimumSocLimit": [0, 100],
  "BatteryLife/State": [0, 12],
};
for (let slot = 0; slot < 5; slot++) {
  const base = `BatteryLife/Schedule/Charge/${slot}/`;
  VENUS_RANGES[`${base}Day`] = [-7, 9];
  VENUS_RANGES[`${base}Start`] = [0, 86_400];
  VENUS_RANGES[`${base}Duration`] = [0, 86_400];
  VENUS_RANGES[`${base}Soc`] = [0, 100];
  VENUS_RANGES[`${base}AllowDischarge`] = [0, 1];
}

const SETTINGS = "settings/0/Settings/CGwacs/";

export interface GxSimOptions {
  port: number;
  /** The broker's address (default 127.0.0.1) and credentials, if it asks for some. */
  host?: string;
  user?: string;
  password?: string;
  portalId: string;
  /** A simulated battery, PV and house: the system values follow it at each publish tick (tests without it set them). */
  installation?: GxInstallation;
  /** The installation's clock (host-sim's); keep-alive time stays the wall clock, as the broker's. Default Date.now. */
  clock?: Clock;
  /** The GX stops publishing this long after the last keep-alive (Venus OS: 60 s; tests scale it). */
  silenceAfterMs?: number;
  /** System values are published this often while kept alive (Venus OS: about every second). */
  publishEveryMs?: number;
}

export class GxSimulator {
  readonly portalId: string;
  private client: MqttClient | undefined;
  private readonly options: GxSimOptions;
  private readonly port: number;
  private readonly silenceAfterMs: number;
  private readonly publishEveryMs: number;
  private aliveUntilMs = 0;
  private timer: NodeJS.Timeout | undefined;
  /** dbus values: system readings and ESS settings. */
  readonly system = new Map<string, number | null>([
    ["system/0/Dc/Battery/Soc", 55],
    ["system/0/Dc/Battery/Power", 0],
    ["system/0/Ac/Grid/L1/Power", 300],
    ["system/0/Dc/Pv/Power", 0],
  ]);
  readonly settings = new Map<string, number>([
    ["BatteryLife/MinimumSocLimit", 10],
    ["BatteryLife/State", 2],
  ]);
  /** Paths whose writes the GX ignores (a value its firmware does not take). */
  readonly refuse = new Set<string>();
  readonly writes: { path: string; value: unknown; applied: boolean }[] = [];
  readonly keepalives: { atMs: number; suppress: boolean }[] = [];
  /** Full publishes done (first keep-alive of a session, or one without suppress-republish). */
  fullPublishes = 0;
  /** System messages published (a silent GX publishes none). */
  published = 0;
  /** Called on each W/ before it is applied: a test may cut the link there. */
  onWrite: ((path: string) => void) | undefined;

  constructor(options: GxSimOptions) {
    this.options = options;
    this.port = options.port;
    this.portalId = options.portalId;
    this.silenceAfterMs = options.silenceAfterMs ?? 60_000;
    this.publishEveryMs = options.publishEveryMs ?? 1_000;
    for (let slot = 0; slot < 5; slot++) {
      const base = `BatteryLife/Schedule/Charge/${slot}/`;
      this.settings.set(`${base}Day`, -7);
      this.settings.set(`${base}Start`, 0);
      this.settings.set(`${base}Duration`, 0);
      this.settings.set(`${base}Soc`, 100);
      this.settings.set(`${base}AllowDischarge`, 0);
    }
  }

  async start(): Promise<void> {
    const o = this.options;
    const client = connect({ host: o.host ?? "127.0.0.1", port: this.port, username: o.user, password: o.password, protocolVersion: 4, reconnectPeriod: 200, clientId: `gx-${this.portalId}` });
    this.client = client;
    client.on("connect", () => {
      // dbus-flashmq keeps the serial retained so clients find the portal id without a keep-alive.
      client.publish(`N/${this.portalId}/system/0/Serial`, JSON.stringify({ value: this.portalId }), { retain: true, qos: 0 });
      client.subscribe([`R/${this.portalId}/#`, `W/${this.portalId}/#`], { qos: 0 });
    });
    client.on("message", (topic, payload) => this.message(topic, payload.toString("utf8")));
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    this.step();
    this.timer = setInterval(() => this.tick(), this.publishEveryMs);
  }

  alive(): boolean {
    return Date.now() < this.aliveUntilMs;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.endAsync(true);
  }

  /** The GX changes one of its values (the sun, the battery). */
  set(path: string, value: number | null): void {
    this.system.set(path, value);
  }

  private tick(): void {
    this.step(); // the battery charges and the sun moves whether anyone listens or not
    if (!this.alive()) return;
    for (const [path, value] of this.system) this.publish(path, value);
  }

  /** The installation's next state, from the settings as the GX holds them now. */
  private step(): void {
    const installation = this.options.installation;
    if (!installation) return;
    const values = installation.step((this.options.clock ?? { nowMs: () => Date.now() }).nowMs(), this.settings);
    for (const [path, value] of Object.entries(values)) this.system.set(path, value);
  }

  private publish(path: string, value: number | null): void {
    if (!this.client?.connected) return;
    this.client.publish(`N/${this.portalId}/${path}`, JSON.stringify({ value }), { qos: 0 });
    if (path.startsWith("system/")) this.published++;
  }

  private fullPublish(): void {
    this.fullPublishes++;
    for (const [path, value] of this.system) this.publish(path, value);
    for (const [path, value] of this.settings) this.publish(SETTINGS + path, value);
    this.client?.publish(`N/${this.portalId}/full_publish_completed`, JSON.stringify({ value: 1 }), { qos: 0 });
  }

  private message(topic: string, payload: string): void {
    const [kind, , ...rest] = topic.split("/");
    const path = rest.join("/");
    if (kind === "R" && path === "keepalive") {
      const wasAlive = this.alive();
      let suppress = false;
      try {
        const options = (JSON.parse(payload) as { "keepalive-options"?: string[] })["keepalive-options"];
        suppress = Array.isArray(options) && options.includes("suppress-republish");
      } catch {
        // an empty keep-alive asks for everything
      }
      this.keepalives.push({ atMs: Date.now(), suppress });
      this.aliveUntilMs = Date.now() + this.silenceAfterMs;
      if (!suppress || !wasAlive) this.fullPublish();
      return;
    }
    if (!path.startsWith(SETTINGS)) return;
    const setting = path.slice(SETTINGS.length);
    if (kind === "R") {
      const value = this.settings.get(setting);
      if (value !== undefined) this.publish(path, value);
      return;
    }
    if (kind !== "W") return;
    this.onWrite?.(setting);
    let value: unknown;
    try {
      value = (JSON.parse(payload) as { value?: unknown }).value;
    } catch {
      value = undefined;
    }
    const range = VENUS_RANGES[setting];
    const ok = range !== undefined && typeof value === "number" && Number.isInteger(value) && value >= range[0] && value <= range[1] && !this.refuse.has(setting);
    this.writes.push({ path: setting, value, applied: ok });
    if (!ok) return;
    // BatteryLife moves on by itself once restarted: a read back sees 2 (self-consumption), not the 1 written.
    this.settings.set(setting, setting === "BatteryLife/State" && value === 1 ? 2 : (value as number));
    this.publish(path, this.settings.get(setting) ?? null);
  }
}
