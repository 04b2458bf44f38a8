// MqttNetwork on the Moddable SDK's `mqtt` module (MQTT 3.1.1 over lwIP, QoS 0), one Client per connect.
// Never reconnects by itself (src/mqtt/session owns back-off) and never lets the module's throws reach the core.
import Client from "mqtt";
import Timer from "timer";
import type { MqttConnectOptions, MqttConnection, MqttNetwork, MqttPublishOptions } from "../types";

class ModdableMqttConnection implements MqttConnection {
  private client: Client | undefined;
  private ready = false;
  private closed = false;
  private connectHandler: (() => void) | undefined;
  private messageHandler: ((topic: string, payload: Uint8Array) => void) | undefined;
  private closeHandler: ((reason: string) => void) | undefined;

  constructor(options: MqttConnectOptions) {
    try {
      const client = new Client({
        host: options.host,
        port: options.port,
        id: options.clientId,
        user: options.user,
        password: options.password,
        timeout: options.keepAliveS * 1000,
        will: { topic: options.will.topic, message: options.will.payload, retain: options.will.retain, quality: 0 },
      });
      client.onReady = () => {
        this.ready = true;
        this.connectHandler?.();
      };
      client.onMessage = (topic, payload) => this.messageHandler?.(topic, new Uint8Array(payload));
      client.onClose = () => this.finish("connection closed");
      this.client = client;
    } catch (error) {
      // A bad host name throws in the constructor: tell it as a close, after the caller has set its handlers.
      Timer.set(() => this.finish(String(error)), 0);
    }
  }

  publish(topic: string, payload: string, options: MqttPublishOptions): boolean {
    if (!this.client || !this.ready || this.closed) return false;
    try {
      // The module sends QoS 0 only: a QoS 1 request goes as 0 (state is re-published on every reconnect anyway).
      this.client.publish(topic, payload, { retain: options.retain });
      return true;
    } catch {
      return false; // lwIP had no room: this message is dropped, the next change goes out
    }
  }

  subscribe(topicFilter: string): void {
    try {
      if (this.client && this.ready && !this.closed) this.client.subscribe(topicFilter);
    } catch {
      // closed under us: onClose follows
    }
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
    this.client?.close();
    this.client = undefined;
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.client = undefined;
    this.closeHandler?.(reason);
  }
}

export const moddableMqtt: MqttNetwork = {
  connect: (options) => new ModdableMqttConnection(options),
};
