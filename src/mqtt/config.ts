// MQTT settings as the bridge uses them: the broker URL parsed, topics checked, defaults named.
// Pure: never connects, never reads the store; a bad value comes back as a field error, never a throw.
import type { Settings } from "../settings/types";

export const MQTT_DEFAULT_PORT = 1883;
export const DEFAULT_BASE_TOPIC = "delesteur";
export const DEFAULT_DISCOVERY_PREFIX = "homeassistant";
/** A topic level of ours: letters, digits, _ - / (no wildcard, no empty level, no leading or trailing /). */
export const TOPIC_PATTERN = "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$";
/** Long enough for any real prefix; a topic over it is a typing accident (and costs RAM on every publish). */
export const TOPIC_MAX_CHARS = 64;

export interface BrokerAddress {
  host: string;
  port: number;
  user?: string;
  password?: string;
}

/** `ours=theirs[,ours=theirs…]`, load ids as the settings table spells them (a-z 0-9 _ -, 1–32). */
const LOAD_ID = "[a-z0-9][a-z0-9_-]{0,31}";
export const FOLLOW_LOADS_PATTERN = `^${LOAD_ID}=${LOAD_ID}(,${LOAD_ID}=${LOAD_ID})*$`;

/** Following another box: its base topic, and for each of our loads the leader's load it follows. */
export interface FollowConfig {
  leaderBase: string;
  /** Our load id → the leader's load id. */
  loads: Record<string, string>;
}

export interface MqttConfig {
  enabled: boolean;
  broker: BrokerAddress | undefined;
  baseTopic: string;
  discoveryPrefix: string;
  /** Meter figures (power, currents, indexes) at most this often; 0 = every frame. */
  meterIntervalMs: number;
  /** Set when this box follows another's decisions for some of its loads. */
  follow?: FollowConfig;
}

/** The settings fields (src/settings/table.ts rows) the bridge reads; the follow rows may be absent (older records). */
export type MqttSettingsView = Pick<
  Settings,
  "mqttEnabled" | "mqttUrl" | "mqttUser" | "mqttPassword" | "mqttBaseTopic" | "mqttDiscoveryPrefix" | "mqttMeterIntervalMs"
> &
  Partial<Pick<Settings, "mqttFollowTopic" | "mqttFollowLoads">>;

/** The follow settings when both are set and well formed (the settings table checks each; here both must agree). */
export function followConfigOf(topic: string | undefined, loads: string | undefined): FollowConfig | undefined {
  if (!topic || !loads || !validTopic(topic) || !new RegExp(FOLLOW_LOADS_PATTERN).test(loads)) return undefined;
  const map: Record<string, string> = {};
  for (const pair of loads.split(",")) {
    const at = pair.indexOf("=");
    map[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { leaderBase: topic, loads: map };
}

/** `mqtt://[user[:password]@]host[:port][/]` (host a name, IPv4 or [IPv6]); the settings table checks it too. */
export const MQTT_URL_PATTERN = "^mqtt://(?:([^:@/\\s]*)(?::([^@/\\s]*))?@)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?/?$";

/** `mqtt://[user[:password]@]host[:port]`; user and password may be percent-encoded. */
export function parseBrokerUrl(url: string): { ok: true; broker: BrokerAddress } | { ok: false; error: string } {
  const m = new RegExp(MQTT_URL_PATTERN).exec(url.trim());
  if (!m) return { ok: false, error: `"${url}" is not mqtt://[user:password@]host[:port]` };
  const port = m[4] === undefined ? MQTT_DEFAULT_PORT : Number(m[4]);
  if (!(port >= 1 && port <= 65535)) return { ok: false, error: `port ${m[4]} is not 1-65535` };
  const host = m[3].charAt(0) === "[" ? m[3].slice(1, -1) : m[3];
  const broker: BrokerAddress = { host, port };
  try {
    if (m[1]) broker.user = decodeURIComponent(m[1]);
    if (m[2] !== undefined) broker.password = decodeURIComponent(m[2]);
  } catch {
    return { ok: false, error: "user or password has a bad %-escape" };
  }
  return { ok: true, broker };
}

export function validTopic(topic: string): boolean {
  return topic.length <= TOPIC_MAX_CHARS && new RegExp(TOPIC_PATTERN).test(topic);
}

/**
 * The bridge's config from the settings; the URL's own credentials give way to the user/password fields when set.
 * A URL that does not parse leaves the bridge off, with the reason (the settings validator reports it by field).
 */
export function mqttConfigOf(settings: MqttSettingsView): { config: MqttConfig; error?: string } {
  const config: MqttConfig = {
    enabled: settings.mqttEnabled && settings.mqttUrl !== "",
    broker: undefined,
    baseTopic: validTopic(settings.mqttBaseTopic) ? settings.mqttBaseTopic : DEFAULT_BASE_TOPIC,
    discoveryPrefix: validTopic(settings.mqttDiscoveryPrefix) ? settings.mqttDiscoveryPrefix : DEFAULT_DISCOVERY_PREFIX,
    meterIntervalMs: settings.mqttMeterIntervalMs,
  };
  const follow = followConfigOf(settings.mqttFollowTopic, settings.mqttFollowLoads);
  if (follow !== undefined) config.follow = follow;
  if (settings.mqttUrl === "") return { config };
  const parsed = parseBrokerUrl(settings.mqttUrl);
  if (!parsed.ok) return { config: { ...config, enabled: false }, error: parsed.error };
  const broker = parsed.broker;
  if (settings.mqttUser !== "") broker.user = settings.mqttUser;
  if (settings.mqttPassword !== "") broker.password = settings.mqttPassword;
  return { config: { ...config, broker } };
}
