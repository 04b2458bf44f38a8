// MqttNetwork on Node over the maintained `mqtt` package (MQTT.js), one session per connect, MQTT 3.1.1.
// Host-only. Never reconnects by itself (src/mqtt/session owns back-off) and never queues while offline.
import { connect as mqttConnect, type MqttClient } from "mqtt";
import type { MqttConnectOptions, MqttConnection, MqttNetwork, MqttPublishOptions } from "../types";

/** Bytes waiting in the socket beyond which a publish is dropped: a stalled broker must not grow our heap. */
export const MQTT_MAX_QUEUED_BYTES = 256 * 1024;

class NodeMqttConnection implements MqttConnection {
  private readonly client: MqttClient;
  private connectHandler: (() => void) | undefined;
  private messageHandler: ((topic: string, payload: Uint8Array) => void) | undefined;
  private closeHandler: ((reason: string) => void) | undefined;
  private lastError: string | undefined;
  private closed = false;

  constructor(options: MqttConnectOptions) {
    this.client = mqttConnect({
      host: options.host,
      port: options.port,
      protocol: "mqtt",
      protocolVersion: 4,
      clientId: options.clientId,
      username: options.user,
      password: options.password,
      keepalive: options.keepAliveS,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      queueQoSZero: false,
      will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), retain: options.will.retain, qos: 0 },
    });
    this.client.on("connect", () => this.connectHandler?.());
    this.client.on("message", (topic, payload) => this.messageHandler?.(topic, new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)));
    this.client.on("error", (error) => void (this.lastError = error.message));
    this.client.on("close", () => this.finish(this.lastError ?? "connection closed"));
  }

  publish(topic: string, payload: string, options: MqttPublishOptions): boolean {
    if (this.closed || !this.client.connected) return false;
    const queued = (this.client.stream as { writableLength?: number } | undefined)?.writableLength ?? 0;
    if (queued > MQTT_MAX_QUEUED_BYTES) return false;
    this.client.publish(topic, payload, { qos: options.qos, retain: options.retain });
    return true;
  }

  subscribe(topicFilter: string): void {
    if (!this.closed) this.client.subscribe(topicFilter, { qos: 0 });
  }

  onMessage(handler: (topic: string, payload: Uint8Array) => void): void {
    this.messageHandler = handler;
  }

  onConnect(handler: () => void): void {
    this.connectHandler = handler;
  }

  onClose(handler: (reason: string) => void): void {
    this.closeHandler = handler;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.end(true);
  }

  private finish(reason: string): void {
    const wasOpen = !this.closed;
    this.closed = true;
    this.client.end(true);
    if (wasOpen) this.closeHandler?.(reason);
  }
}

export const nodeMqtt: MqttNetwork = {
  connect: (options) => new NodeMqttConnection(options),
};
