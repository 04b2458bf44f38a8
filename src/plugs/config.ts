// A load's `outputs` setting: each contact on a smart plug or Wi-Fi relay (Shelly Gen2+, Tasmota, over HTTP or over
// the box's MQTT broker) instead of the board's GPIO pins. Validation by field, and the passwords kept out of every
// answer; never opens a connection.

import type { PlugWiring } from "./plug-output";

export interface ShellyOutputSpec {
  type: "shelly";
  host: string;
  /** The switch id (`Switch.Set?id=`): 0 on a one-channel device. */
  channel: number;
  /** Shelly's digest user is always "admin"; accepted for clarity, nothing else is. */
  user?: string;
  password?: string;
  wiring: PlugWiring;
}

export interface TasmotaOutputSpec {
  type: "tasmota";
  host: string;
  /** Tasmota's relay number (`Power1` ...), from 1. */
  relay: number;
  user?: string;
  password?: string;
  wiring: PlugWiring;
}

/** A Tasmota device on the box's MQTT broker, by its MQTT Topic (`cmnd/<topic>/POWER<relay>`). */
export interface TasmotaMqttOutputSpec {
  type: "tasmota-mqtt";
  /** Tasmota's `Topic` (its %topic%), e.g. tasmota_A1B2C3; the default FullTopic `%prefix%/%topic%/` is assumed. */
  topic: string;
  relay: number;
  wiring: PlugWiring;
}

/** A Shelly Gen2+ device on the box's MQTT broker, by its MQTT topic prefix (by default its device id). */
export interface ShellyMqttOutputSpec {
  type: "shelly-mqtt";
  /** The device's MQTT topic prefix: `<device>/rpc` takes our requests, e.g. shellyplus1pm-a8032ab12345. */
  device: string;
  channel: number;
  wiring: PlugWiring;
}

/** The outputs reached over HTTP: they have a host (and maybe credentials). */
export type HttpOutputSpec = ShellyOutputSpec | TasmotaOutputSpec;
export type OutputSpec = HttpOutputSpec | TasmotaMqttOutputSpec | ShellyMqttOutputSpec;

export interface OutputFieldError {
  field: string;
  message: string;
}

export const OUTPUT_TYPES: readonly string[] = Object.freeze(["shelly", "tasmota", "shelly-mqtt", "tasmota-mqtt"]);
export const PLUG_WIRINGS: readonly string[] = Object.freeze(["socket", "contact"]);
/** Shelly switch ids are small: a Pro 4PM has 0–3; 15 leaves room for bigger devices and refuses typos like 100. */
export const SHELLY_CHANNEL_MAX = 15;
/** Tasmota numbers relays Power1 to Power32. */
export const TASMOTA_RELAY_MAX = 32;
/** A DNS name is at most 253 characters; ":65535" adds 6. */
const HOST_MAX_CHARS = 259;
/** Shelly and Tasmota passwords fit easily; a longer one is a paste error, and each one costs the box's heap. */
export const PLUG_PASSWORD_MAX_CHARS = 64;
export const PLUG_USER_MAX_CHARS = 32;
/**
 * An IPv4 address or a DNS name, then an optional port: no scheme, no path, no user-info (credentials have their
 * own fields, and a URL with `@` in the host is how a typo sends a password elsewhere).
 */
const HOST_PATTERN = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::(\d{1,5}))?$/;

/** Tasmota keeps its Topic in 32 characters (its `Topic` command refuses longer). */
export const TASMOTA_TOPIC_MAX_CHARS = 32;
/** Tasmota's Topic is one MQTT level: no /, no wildcard, no space (it is spliced into cmnd/<topic>/POWER1). */
const TASMOTA_TOPIC_PATTERN = /^[A-Za-z0-9_.-]+$/;
/** A Shelly prefix is its device id (~30 characters) or the owner's own; 64 is the box's bound for any topic. */
export const SHELLY_PREFIX_MAX_CHARS = 64;
/** MQTT levels of letters, digits, _ . - : no wildcard, no empty level, no leading or trailing /. */
const SHELLY_PREFIX_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

const FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  shelly: Object.freeze(["type", "host", "channel", "user", "password", "wiring"]),
  tasmota: Object.freeze(["type", "host", "relay", "user", "password", "wiring"]),
  "shelly-mqtt": Object.freeze(["type", "device", "channel", "wiring"]),
  "tasmota-mqtt": Object.freeze(["type", "topic", "relay", "wiring"]),
});

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A load's `outputs`: undefined when absent (the board's pins drive it), else one device per contact of its kind.
 * Every problem is pushed with its field and why; never throws.
 */
export function validateOutputs(raw: unknown, at: string, kind: string, contacts: number, errors: OutputFieldError[]): OutputSpec[] | undefined {
  if (raw === undefined) return undefined;
  const field = `${at}.outputs`;
  if (!Array.isArray(raw)) {
    errors.push({ field, message: "must be an array of outputs (one per contact)" });
    return undefined;
  }
  if (raw.length !== contacts) {
    errors.push({ field, message: contacts === 0 ? `a ${kind} load has no contact (it is driven by a setpoint): give no outputs` : `a ${kind} load has ${contacts} contact${contacts > 1 ? "s" : ""}: give ${contacts} output${contacts > 1 ? "s" : ""}, got ${raw.length}` });
    return undefined;
  }
  const out: OutputSpec[] = [];
  for (let i = 0; i < raw.length; i++) {
    const spec = validateOutput(raw[i], `${field}[${i}]`, errors);
    if (spec !== null) out.push(spec);
  }
  return out.length === raw.length ? out : undefined;
}

/** One output's spec (the Linux box's config names each contact's device by itself); null with errors pushed. */
export function validateOutput(raw: unknown, at: string, errors: OutputFieldError[]): OutputSpec | null {
  if (!isObj(raw)) {
    errors.push({ field: at, message: "must be an object like {\"type\": \"shelly\", \"host\": \"192.168.1.50\"}" });
    return null;
  }
  const type = raw.type;
  if (typeof type !== "string" || OUTPUT_TYPES.indexOf(type) < 0) {
    errors.push({ field: `${at}.type`, message: `must be one of ${OUTPUT_TYPES.join(", ")}, got ${JSON.stringify(type)}` });
    return null;
  }
  const before = errors.length;
  for (const key of Object.keys(raw)) {
    if (FIELDS[type].indexOf(key) >= 0) continue;
    // The broker's address and credentials are the box's own MQTT settings, one for every MQTT plug.
    const why = (key === "host" || key === "user" || key === "password") && type.indexOf("-mqtt") > 0 ? ": an MQTT plug is reached through the box's MQTT broker (settings: MQTT)" : "";
    errors.push({ field: `${at}.${key}`, message: `unknown ${type} output field${why}` });
  }
  const wiringRaw = raw.wiring === undefined ? "socket" : raw.wiring;
  if (type === "tasmota-mqtt" || type === "shelly-mqtt") {
    if (typeof wiringRaw !== "string" || PLUG_WIRINGS.indexOf(wiringRaw) < 0) errors.push({ field: `${at}.wiring`, message: `must be one of ${PLUG_WIRINGS.join(", ")}, got ${JSON.stringify(raw.wiring)}` });
    const wiring = wiringRaw as PlugWiring;
    if (type === "tasmota-mqtt") {
      const topic = raw.topic;
      if (typeof topic !== "string" || topic.length === 0 || topic.length > TASMOTA_TOPIC_MAX_CHARS || !TASMOTA_TOPIC_PATTERN.test(topic)) {
        errors.push({ field: `${at}.topic`, message: `must be the device's Tasmota Topic (1–${TASMOTA_TOPIC_MAX_CHARS} letters, digits, _ . -; no / or wildcard), e.g. tasmota_A1B2C3, got ${JSON.stringify(topic)}` });
      }
      const relay = integerIn(raw.relay, 1, 1, TASMOTA_RELAY_MAX, `${at}.relay`, errors);
      if (errors.length > before) return null;
      return { type, topic: topic as string, relay, wiring };
    }
    const device = raw.device;
    if (typeof device !== "string" || device.length === 0 || device.length > SHELLY_PREFIX_MAX_CHARS || !SHELLY_PREFIX_PATTERN.test(device)) {
      errors.push({ field: `${at}.device`, message: `must be the device's MQTT topic prefix (by default its id, e.g. shellyplus1pm-a8032ab12345; at most ${SHELLY_PREFIX_MAX_CHARS} characters, no wildcard), got ${JSON.stringify(device)}` });
    }
    const channel = integerIn(raw.channel, 0, 0, SHELLY_CHANNEL_MAX, `${at}.channel`, errors);
    if (errors.length > before) return null;
    return { type, device: device as string, channel, wiring };
  }
  const host = raw.host;
  if (typeof host !== "string" || host.length === 0 || host.length > HOST_MAX_CHARS || !hostValid(host)) {
    errors.push({ field: `${at}.host`, message: "must be an IPv4 address or host name with an optional :port (no http://, no path), e.g. 192.168.1.50" });
  }
  const wiring = wiringRaw;
  if (typeof wiring !== "string" || PLUG_WIRINGS.indexOf(wiring) < 0) errors.push({ field: `${at}.wiring`, message: `must be one of ${PLUG_WIRINGS.join(", ")}, got ${JSON.stringify(raw.wiring)}` });
  const user = optionalText(raw.user, `${at}.user`, PLUG_USER_MAX_CHARS, errors);
  const password = optionalText(raw.password, `${at}.password`, PLUG_PASSWORD_MAX_CHARS, errors);
  if (type === "shelly") {
    if (user !== undefined && user !== "" && user !== "admin") errors.push({ field: `${at}.user`, message: "a Shelly's user is always admin: leave it out" });
    const channel = integerIn(raw.channel, 0, 0, SHELLY_CHANNEL_MAX, `${at}.channel`, errors);
    if (errors.length > before) return null;
    const spec: ShellyOutputSpec = { type, host: host as string, channel, wiring: wiring as PlugWiring };
    if (password !== undefined) spec.password = password;
    return spec;
  }
  const relay = integerIn(raw.relay, 1, 1, TASMOTA_RELAY_MAX, `${at}.relay`, errors);
  if (password !== undefined && password !== "" && (user === undefined || user === "")) errors.push({ field: `${at}.user`, message: "is required with a password (Tasmota's web user is usually admin)" });
  if (errors.length > before) return null;
  const spec: TasmotaOutputSpec = { type: "tasmota", host: host as string, relay, wiring: wiring as PlugWiring };
  if (user !== undefined) spec.user = user;
  if (password !== undefined) spec.password = password;
  return spec;
}

function hostValid(host: string): boolean {
  const m = HOST_PATTERN.exec(host);
  if (m === null) return false;
  if (m[1] !== undefined) {
    const port = Number(m[1]);
    if (port < 1 || port > 65535) return false;
  }
  if (/^\d{1,3}(\.\d{1,3}){3}(:|$)/.test(host)) {
    const parts = host.split(":")[0].split(".");
    for (let i = 0; i < parts.length; i++) if (Number(parts[i]) > 255) return false;
  }
  return true;
}

function optionalText(raw: unknown, field: string, maxChars: number, errors: OutputFieldError[]): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string") {
    errors.push({ field, message: "must be a string" });
    return undefined;
  }
  if (raw.length > maxChars) errors.push({ field, message: `must be at most ${maxChars} characters` });
  // Tasmota's credentials travel in the query, Shelly's in a quoted header: control characters would break both.
  else if (/[\u0000-\u001f\u007f]/.test(raw)) errors.push({ field, message: "must not hold control characters" });
  return raw;
}

function integerIn(raw: unknown, fallback: number, min: number, max: number, field: string, errors: OutputFieldError[]): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== "number" || Math.floor(raw) !== raw || raw < min || raw > max) {
    errors.push({ field, message: `must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}` });
    return fallback;
  }
  return raw;
}

/** The loads as pages and the API show them: every output password left out (a blank one stays blank). */
export function loadsWithoutSecrets<T extends { outputs?: readonly OutputSpec[] }>(loads: readonly T[]): T[] {
  return loads.map((load) => {
    if (load.outputs === undefined) return load;
    const outputs = load.outputs.map((o) => {
      if (!("password" in o) || o.password === undefined) return o;
      const copy: Obj = { ...o };
      delete copy.password;
      return copy as unknown as OutputSpec;
    });
    return { ...load, outputs };
  });
}

/**
 * A posted load list with each output's missing password taken from the current settings, when the same load id
 * has an output of the same type, host and user at that index: a client that read the settings (which leave
 * passwords out) and writes them back keeps them. An explicit "" clears one.
 */
export function withKeptSecrets(posted: unknown, current: readonly { id: string; outputs?: readonly OutputSpec[] }[]): unknown {
  if (!Array.isArray(posted)) return posted;
  return posted.map((load: unknown) => {
    if (!isObj(load) || !Array.isArray(load.outputs)) return load;
    let was: readonly OutputSpec[] | undefined;
    for (let i = 0; i < current.length; i++) if (current[i].id === load.id) was = current[i].outputs;
    if (was === undefined) return load;
    const before = was;
    const outputs = (load.outputs as unknown[]).map((o, i) => {
      const old = before[i];
      if (!isObj(o) || o.password !== undefined || old === undefined || !("password" in old) || old.password === undefined) return o;
      if (o.type !== old.type || o.host !== old.host || (o.user ?? "") !== (old.user ?? "")) return o;
      return { ...o, password: old.password };
    });
    return { ...load, outputs };
  });
}
