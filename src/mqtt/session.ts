// One MQTT link kept up: connect, connect timeout, reconnect with back-off, a status the page can show.
// Never blocks and never throws at its caller: a dead broker costs a log line, a status and a timer.

import type { Clock, Logger, MqttConnectOptions, MqttConnection, MqttNetwork, TimerHandle, Timers } from "../../hal/types";

/** First retry after a failure; doubled after each failure up to the max (a broker restart takes seconds). */
export const BACKOFF_FIRST_MS = 1_000;
/** A box left alone with a dead broker tries once a minute: cheap, and back within a minute of the broker. */
export const BACKOFF_MAX_MS = 60_000;
/** Without CONNACK by then the attempt is dead (lwIP may hold a SYN for minutes). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** A session that lasted this long was a real one: the next failure starts the back-off afresh. */
export const STABLE_ONLINE_MS = 30_000;

export type MqttLinkState = "off" | "connecting" | "online" | "waiting";

export interface MqttStatus {
  state: MqttLinkState;
  /** host:port, never the credentials. */
  broker?: string;
  /** Why the last session ended or the last attempt failed. */
  error?: string;
  /** When the next attempt starts (state "waiting"). */
  retryAtMs?: number;
  connects: number;
  sent: number;
  /** Messages not sent: offline, or the send queue over its bound. */
  dropped: number;
  commands: number;
  /** Commands refused or malformed. */
  rejected: number;
}

export interface SessionParts {
  network: MqttNetwork;
  timers: Timers;
  clock: Clock;
  logger: Logger;
}

export interface SessionHandlers {
  /** The broker accepted us: subscribe and publish everything (the broker may have lost its retained state). */
  online(): void;
  message(topic: string, payload: Uint8Array): void;
}

export class MqttSession {
  private readonly parts: SessionParts;
  private readonly handlers: SessionHandlers;
  private options: MqttConnectOptions | undefined;
  private connection: MqttConnection | undefined;
  private timer: TimerHandle | undefined;
  private backoffMs = BACKOFF_FIRST_MS;
  private onlineSinceMs: number | undefined;
  private lastLogged = "";
  readonly status: MqttStatus = { state: "off", connects: 0, sent: 0, dropped: 0, commands: 0, rejected: 0 };

  constructor(parts: SessionParts, handlers: SessionHandlers) {
    this.parts = parts;
    this.handlers = handlers;
  }

  /** (Re)start with these options; an existing link is closed first. */
  start(options: MqttConnectOptions): void {
    this.stop();
    this.options = options;
    this.status.broker = `${options.host}:${options.port}`;
    this.backoffMs = BACKOFF_FIRST_MS;
    this.attempt();
  }

  stop(): void {
    this.options = undefined;
    this.clearTimer();
    const connection = this.connection;
    this.connection = undefined;
    this.onlineSinceMs = undefined;
    connection?.close();
    this.status.state = "off";
    this.status.retryAtMs = undefined;
  }

  online(): boolean {
    return this.status.state === "online";
  }

  /** Sends when online; counts a drop otherwise (the bridge re-publishes everything on the next connect). */
  publish(topic: string, payload: string, retain: boolean): boolean {
    if (this.connection && this.status.state === "online" && this.connection.publish(topic, payload, { qos: 0, retain })) {
      this.status.sent++;
      return true;
    }
    this.status.dropped++;
    return false;
  }

  subscribe(filter: string): void {
    if (this.connection && this.status.state === "online") this.connection.subscribe(filter);
  }

  private attempt(): void {
    const options = this.options;
    if (!options) return;
    this.status.state = "connecting";
    this.status.retryAtMs = undefined;
    const connection = this.parts.network.connect(options);
    this.connection = connection;
    this.timer = this.parts.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.connection === connection && this.status.state === "connecting") this.failed(connection, "no answer from the broker");
    }, CONNECT_TIMEOUT_MS);
    connection.onConnect(() => {
      if (this.connection !== connection) return;
      this.clearTimer();
      this.status.state = "online";
      this.status.connects++;
      this.status.error = undefined;
      this.onlineSinceMs = this.parts.clock.nowMs();
      this.log("info", "mqtt online", { broker: this.status.broker });
      this.handlers.online();
    });
    connection.onMessage((topic, payload) => {
      if (this.connection === connection) this.handlers.message(topic, payload);
    });
    connection.onClose((reason) => {
      if (this.connection === connection) this.failed(connection, reason);
    });
  }

  private failed(connection: MqttConnection, reason: string): void {
    this.connection = undefined;
    this.clearTimer();
    connection.close();
    const nowMs = this.parts.clock.nowMs();
    if (this.onlineSinceMs !== undefined && nowMs - this.onlineSinceMs >= STABLE_ONLINE_MS) this.backoffMs = BACKOFF_FIRST_MS;
    this.onlineSinceMs = undefined;
    const delayMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.status.state = "waiting";
    this.status.error = reason;
    this.status.retryAtMs = nowMs + delayMs;
    this.log("warn", "mqtt offline", { broker: this.status.broker, reason });
    this.timer = this.parts.timers.setTimeout(() => {
      this.timer = undefined;
      this.attempt();
    }, delayMs);
  }

  /** One line per change of story: a broker down all night logs once, not once a minute. */
  private log(level: "info" | "warn", message: string, fields: Record<string, unknown>): void {
    const key = `${message} ${String(fields.reason ?? "")}`;
    if (key === this.lastLogged) return;
    this.lastLogged = key;
    this.parts.logger.log(level, message, fields);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.parts.timers.clear(this.timer);
    this.timer = undefined;
  }
}
