// Shelly Gen2+ switches (Plus/Pro Plug, 1PM, 2PM...) over their documented RPC-over-HTTP: Switch.Set, Switch.GetStatus.
// Pure request paths and answer parsers; never sends anything (plug-output.ts does, through the hal HttpClient).

import { parseJsonObject, wattsOf, type PlugProtocol, type PlugReading } from "./protocol";

/**
 * Shelly's RPC over HTTP GET (shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Switch):
 * `GET /rpc/Switch.Set?id=0&on=true` → `{"was_on":false}`;
 * `GET /rpc/Switch.GetStatus?id=0` → `{"id":0,"source":"http","output":true,"apower":8.9,"voltage":237.5,...}`.
 * A protected device answers 401 with a SHA-256 digest challenge whose realm is its device id (digest.ts).
 */
export function shellyProtocol(channel: number): PlugProtocol {
  return new ShellyProtocol(channel);
}

/** A class, not an object of closures: its methods live once on the prototype (in flash when preloaded). */
class ShellyProtocol implements PlugProtocol {
  private readonly channel: number;
  constructor(channel: number) {
    this.channel = channel;
  }
  get family(): string {
    return "shelly";
  }
  get digest(): boolean {
    return true;
  }
  setPath(on: boolean): string {
    return `/rpc/Switch.Set?id=${this.channel}&on=${on ? "true" : "false"}`;
  }
  parseSet(body: string): boolean {
    const answer = parseJsonObject(body);
    return answer !== null && typeof answer.was_on === "boolean";
  }
  statusPath(): string {
    return `/rpc/Switch.GetStatus?id=${this.channel}`;
  }
  parseStatus(body: string): PlugReading | null {
    return parseShellyStatus(body, this.channel);
  }
}

export function parseShellyStatus(body: string, channel: number): PlugReading | null {
  return shellyReading(parseJsonObject(body), channel);
}

/** A Switch status object (an HTTP answer, an MQTT RPC result, `<prefix>/status/switch:N`) as a reading. */
export function shellyReading(status: Record<string, unknown> | null, channel: number): PlugReading | null {
  if (status === null || typeof status.output !== "boolean") return null;
  // Another channel's status is not this one's (a proxy or a firmware mix-up): refuse it rather than believe it.
  if (status.id !== undefined && status.id !== channel) return null;
  const reading: PlugReading = { on: status.output };
  // Only the metering models (PM, Plug) have apower.
  const powerW = wattsOf(status.apower);
  if (powerW !== undefined) reading.powerW = powerW;
  return reading;
}
