// What a smart plug's HTTP API is to a plug output: the request that switches it, the one that reads it back, and
// the parsers of their answers. Declarations only; each device family (shelly.ts, tasmota.ts) is one of these.

/** The state a device reports: its output, and the power it measures when it has a meter (W). */
export interface PlugReading {
  on: boolean;
  powerW?: number;
}

export interface PlugProtocol {
  /** The device family, for logs and the page ("shelly", "tasmota"). */
  readonly family: string;
  /** Path and query switching the output. May hold credentials (Tasmota): never logged. */
  setPath(on: boolean): string;
  /** The device took the command (its answer has the command's shape); false: an answer that is not one. */
  parseSet(body: string): boolean;
  /** Path and query reading the output back. */
  statusPath(): string;
  parseStatus(body: string): PlugReading | null;
  /** A second read for the measured power when the status has none (Tasmota's `Status 8`). */
  powerPath?(): string;
  parsePower?(body: string): number | null;
  /** The device answers 401 with a digest challenge (Shelly) rather than taking credentials in the query. */
  readonly digest: boolean;
}

/** JSON.parse that says null instead of throwing (a device's answer is untrusted input). */
export function parseJsonObject(body: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A measured power as a plug reports it: a finite number, never negative (a meter's noise around 0). */
export function wattsOf(value: unknown): number | undefined {
  if (typeof value !== "number" || !isFinite(value)) return undefined;
  return value > 0 ? value : 0;
}

/** A transport's answer: the value, or why there is none (never a path or a credential). */
export type Answer<T> = { ok: true; value: T } | { ok: false; why: string };

/**
 * What the device said without being asked (MQTT devices publish): its output or power changed (either may be
 * missing: a partial notification), or it went offline / came back (Tasmota's LWT, Shelly's `<id>/online`, the
 * box's own MQTT link back up).
 */
export type PlugNews = { reading: Partial<PlugReading> } | { online: boolean; why?: string };

/**
 * How a plug output reaches its device (src/plugs/http-transport.ts over HTTP, mqtt-transports.ts over MQTT): the
 * command and the read-back. PlugOutput keeps the rest (what is wanted, retries, polls, what the core is told).
 */
export interface PlugTransport {
  /** Where the device is, for logs: a host, or an MQTT topic. Never a credential. */
  readonly where: string;
  /**
   * Sends the command; ok when the device took it. The value is the state the answer shows when it is a read-back
   * already (Tasmota's RESULT over MQTT), else undefined and PlugOutput reads the device back.
   */
  set(on: boolean): Promise<Answer<PlugReading | undefined>>;
  /** The device's state now, with its power when it measures one. */
  read(): Promise<Answer<PlugReading>>;
  /** Unasked news (MQTT only); HTTP devices are polled. */
  onNews?(listener: (news: PlugNews) => void): void;
  /** Stops listening (a restart of the box). */
  stop?(): void;
}
