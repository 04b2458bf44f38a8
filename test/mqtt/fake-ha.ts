// A test client playing Home Assistant against a real broker: keeps the last payload per topic and a log.
// Never publishes anything but what a test asks; closes its connection when told.
import { connect, type MqttClient } from "mqtt";

/** The test's Home Assistant: subscribes to everything and keeps the last payload per topic, and a log. */
export class FakeHa {
  readonly last = new Map<string, string>();
  readonly log: { topic: string; payload: string; retain: boolean }[] = [];
  private constructor(readonly client: MqttClient, readonly base: string) {
    client.on("message", (topic, payload, packet) => {
      const text = payload.toString("utf8");
      this.last.set(topic, text);
      this.log.push({ topic, payload: text, retain: packet.retain });
    });
  }
  static async connect(port: number, base: string): Promise<FakeHa> {
    const client = connect({ host: "127.0.0.1", port, protocolVersion: 4, reconnectPeriod: 0, clientId: `fake-ha-${Math.random().toString(16).slice(2)}` });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    const ha = new FakeHa(client, base);
    await client.subscribeAsync(["homeassistant/#", `${base}/#`], { qos: 0 });
    return ha;
  }
  publish(topic: string, payload: string | Buffer, retain = false): void {
    this.client.publish(topic, payload, { qos: 0, retain });
  }
  configs(): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const [topic, payload] of this.last) if (topic.endsWith("/config") && payload !== "") out.set(topic, JSON.parse(payload) as Record<string, unknown>);
    return out;
  }
  results(): Record<string, unknown>[] {
    return this.log.filter((m) => m.topic === `${this.base}/result`).map((m) => JSON.parse(m.payload) as Record<string, unknown>);
  }
  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

