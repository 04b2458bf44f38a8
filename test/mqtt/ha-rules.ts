// Home Assistant's rules for MQTT discovery configs, as a test oracle: what HA would reject or mis-handle.
// Taken from HA's sensor/binary_sensor/select/number docs and DOMAIN.md §7; returns problems, never throws.

/** Units HA accepts per sensor device_class (the subset our entities may use). */
const UNITS: Readonly<Record<string, readonly string[]>> = {
  energy: ["Wh", "kWh", "MWh"],
  power: ["W", "kW"],
  apparent_power: ["VA"],
  current: ["A", "mA"],
  temperature: ["°C", "°F", "K"],
};
/** State classes HA accepts per device_class (energy refuses measurement; the Energy dashboard needs total*). */
const STATE_CLASSES: Readonly<Record<string, readonly (string | undefined)[]>> = {
  energy: ["total", "total_increasing"],
  power: ["measurement", undefined],
  apparent_power: ["measurement", undefined],
  current: ["measurement", undefined],
  temperature: ["measurement", undefined],
  enum: [undefined],
  timestamp: [undefined],
};
const BINARY_CLASSES = ["problem", "power", "connectivity", "running", "heat"];
const COMPONENTS = ["sensor", "binary_sensor", "select", "number", "switch"];

export interface DiscoveredEntity {
  component: string;
  node: string;
  object: string;
  config: Record<string, unknown>;
}

/** `<prefix>/<component>/<node>/<object>/config` with ids of [a-zA-Z0-9_-]. */
export function parseConfigTopic(prefix: string, topic: string): { component: string; node: string; object: string } | undefined {
  const m = new RegExp(`^${prefix}/([a-z_]+)/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+)/config$`).exec(topic);
  return m ? { component: m[1], node: m[2], object: m[3] } : undefined;
}

export function haProblems(entity: DiscoveredEntity): string[] {
  const c = entity.config;
  const out: string[] = [];
  const where = `${entity.component}/${entity.object}`;
  const str = (key: string): string | undefined => (typeof c[key] === "string" ? (c[key] as string) : undefined);
  if (!COMPONENTS.includes(entity.component)) out.push(`${where}: unknown component`);
  if (!str("name")) out.push(`${where}: no name`);
  if (!str("unique_id")) out.push(`${where}: no unique_id`);
  if (!str("state_topic")) out.push(`${where}: no state_topic`);
  // Either one availability topic, or a list of them (never both: HA refuses the config).
  const list = c.availability;
  if (list !== undefined) {
    if (str("availability_topic")) out.push(`${where}: availability and availability_topic together`);
    if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof (a as { topic?: unknown }).topic === "string")) out.push(`${where}: availability without topics`);
    if (c.availability_mode !== undefined && !["all", "any", "latest"].includes(String(c.availability_mode))) out.push(`${where}: bad availability_mode`);
  } else if (!str("availability_topic")) out.push(`${where}: no availability_topic`);
  const device = c.device as Record<string, unknown> | undefined;
  if (!device || !Array.isArray(device.identifiers) || device.identifiers.length === 0) out.push(`${where}: no device identifiers`);
  const dc = str("device_class");
  const unit = str("unit_of_measurement");
  const sc = str("state_class");
  if (entity.component === "sensor" && dc !== undefined) {
    if (dc === "enum") {
      if (!Array.isArray(c.options) || (c.options as unknown[]).length === 0) out.push(`${where}: enum without options`);
      if (unit !== undefined) out.push(`${where}: enum with a unit`);
    } else if (dc === "timestamp") {
      if (unit !== undefined) out.push(`${where}: timestamp with a unit`);
    } else if (UNITS[dc] && (unit === undefined || !UNITS[dc].includes(unit))) out.push(`${where}: ${dc} with unit ${unit}`);
    if (STATE_CLASSES[dc] && !STATE_CLASSES[dc].includes(sc)) out.push(`${where}: ${dc} with state_class ${sc}`);
  }
  if (entity.component === "sensor" && sc !== undefined && !["measurement", "total", "total_increasing"].includes(sc)) out.push(`${where}: bad state_class ${sc}`);
  if (entity.component === "binary_sensor" && dc !== undefined && !BINARY_CLASSES.includes(dc)) out.push(`${where}: binary_sensor class ${dc}`);
  if (entity.component === "select") {
    if (!str("command_topic")) out.push(`${where}: select without command_topic`);
    if (!Array.isArray(c.options) || (c.options as unknown[]).length === 0) out.push(`${where}: select without options`);
  }
  if (entity.component === "switch" && !str("command_topic")) out.push(`${where}: switch without command_topic`);
  if (entity.component === "number" && dc !== undefined && UNITS[dc] && (unit === undefined || !UNITS[dc].includes(unit))) out.push(`${where}: number ${dc} with unit ${unit}`);
  if (entity.component === "number") {
    if (!str("command_topic")) out.push(`${where}: number without command_topic`);
    if (typeof c.min !== "number" || typeof c.max !== "number" || (c.min as number) >= (c.max as number)) out.push(`${where}: number range`);
  }
  return out;
}
