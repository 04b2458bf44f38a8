// Tasmota relays and plugs over their HTTP command API (`/cm?cmnd=Power1%20On`), with optional user and password.
// Pure request paths and answer parsers; never sends anything (plug-output.ts does, through the hal HttpClient).

import { parseJsonObject, wattsOf, type PlugProtocol, type PlugReading } from "./protocol";

/**
 * Tasmota's web command API (tasmota.github.io/docs/Commands/#with-web-requests):
 * `GET /cm?user=admin&password=pw&cmnd=Power1%20On` → `{"POWER":"ON"}` (one relay) or `{"POWER1":"ON"}` (several);
 * `cmnd=Power1` reads it; `cmnd=Status%208` → `{"StatusSNS":{"ENERGY":{"Power":45,...}}}` on a metering plug (an
 * array of powers on a multi-channel meter). A wrong password is a 401 `{"WARNING":"Need user=...&password=..."}`.
 */
export function tasmotaProtocol(relay: number, user?: string, password?: string): PlugProtocol {
  return new TasmotaProtocol(relay, user !== undefined && user !== "" ? `user=${encodeURIComponent(user)}&password=${encodeURIComponent(password ?? "")}&` : "");
}

/** A class, not an object of closures: its methods live once on the prototype (in flash when preloaded). */
class TasmotaProtocol implements PlugProtocol {
  private readonly relay: number;
  /** `user=...&password=...&` or empty: the query's credentials, already encoded. */
  private readonly auth: string;
  constructor(relay: number, auth: string) {
    this.relay = relay;
    this.auth = auth;
  }
  get family(): string {
    return "tasmota";
  }
  get digest(): boolean {
    return false;
  }
  setPath(on: boolean): string {
    return `/cm?${this.auth}cmnd=Power${this.relay}%20${on ? "On" : "Off"}`;
  }
  parseSet(body: string): boolean {
    return parseTasmotaPower(body, this.relay) !== null;
  }
  statusPath(): string {
    return `/cm?${this.auth}cmnd=Power${this.relay}`;
  }
  parseStatus(body: string): PlugReading | null {
    return parseTasmotaPower(body, this.relay);
  }
  powerPath(): string {
    return `/cm?${this.auth}cmnd=Status%208`;
  }
  parsePower(body: string): number | null {
    return parseTasmotaEnergy(body, this.relay);
  }
}

/** `{"POWER1":"ON"}`, or `{"POWER":"ON"}` for relay 1 of a one-relay device. */
export function parseTasmotaPower(body: string, relay: number): PlugReading | null {
  const answer = parseJsonObject(body);
  if (answer === null) return null;
  let state = answer[`POWER${relay}`];
  if (state === undefined && relay === 1) state = answer.POWER;
  if (state === "ON" || state === 1) return { on: true };
  if (state === "OFF" || state === 0) return { on: false };
  return null;
}

/** ENERGY.Power of a `Status 8` (or `Status 10`) answer; this relay's entry when the meter has several channels. */
export function parseTasmotaEnergy(body: string, relay: number): number | null {
  const answer = parseJsonObject(body);
  const sns = answer === null ? undefined : answer.StatusSNS;
  if (typeof sns !== "object" || sns === null) return null;
  const energy = (sns as Record<string, unknown>).ENERGY;
  if (typeof energy !== "object" || energy === null) return null;
  const power = (energy as Record<string, unknown>).Power;
  const value = Array.isArray(power) ? power[relay - 1] : power;
  return wattsOf(value) ?? null;
}

/**
 * `tele/<topic>/SENSOR` over MQTT (tasmota.github.io/docs/MQTT, every TelePeriod): `{"Time":...,"ENERGY":{"Power":45,...}}`,
 * ENERGY at the top rather than under StatusSNS. This relay's power, or null when the message has none.
 */
export function parseTasmotaSensor(body: string, relay: number): number | null {
  const answer = parseJsonObject(body);
  const energy = answer === null ? undefined : answer.ENERGY;
  if (typeof energy !== "object" || energy === null) return null;
  const power = (energy as Record<string, unknown>).Power;
  return wattsOf(Array.isArray(power) ? power[relay - 1] : power) ?? null;
}
