// Home Assistant MQTT discovery: one retained config message per entity, all under one device per box.
// Pure: builds topics and JSON payloads from the entity rows; never publishes and never reads the snapshot.

import type { Entity } from "./entities";
import { jsonText } from "../../lib/json";

export interface DiscoveryContext {
  /** `homeassistant` unless the owner changed it. */
  prefix: string;
  /** Where this box's state topics live (`delesteur/<box id>`). */
  base: string;
  /** Stable per box (store key mqtt.id): the device identifier and every unique_id derive from it. */
  boxId: string;
  name: string;
  model: string;
  swVersion: string;
}

export interface DiscoveryMessage {
  topic: string;
  /** JSON; "" removes the entity. */
  payload: string;
}

/** `delesteur_<box id>`: the node id in discovery topics and the device identifier. */
export function nodeIdOf(boxId: string): string {
  return `delesteur_${boxId}`;
}

export function availabilityTopic(base: string): string {
  return `${base}/status`;
}

export function configTopic(ctx: DiscoveryContext, entity: Entity): string {
  return `${ctx.prefix}/${entity.component}/${nodeIdOf(ctx.boxId)}/${entity.object}/config`;
}

/**
 * One entity's config. Long keys (HA accepts them everywhere; abbreviations save bytes but not enough to matter
 * against a ~400-byte payload sent once per connection). The device block repeats in full on every entity: HA
 * merges them, and an entity read alone still names its device.
 */
export function discoveryPayload(ctx: DiscoveryContext, entity: Entity): string {
  const node = nodeIdOf(ctx.boxId);
  const config: Record<string, unknown> = {
    name: entity.name,
    unique_id: `${node}_${entity.object}`,
    state_topic: `${ctx.base}/${entity.path}`,
  };
  if (entity.available) {
    // Both must say online (HA: `availability` is a list, never beside `availability_topic`; online/offline by default).
    config.availability = [{ topic: availabilityTopic(ctx.base) }, { topic: `${ctx.base}/${entity.path}/availability` }];
    config.availability_mode = "all";
  } else {
    config.availability_topic = availabilityTopic(ctx.base);
    config.payload_available = "online";
    config.payload_not_available = "offline";
  }
  if (entity.deviceClass) config.device_class = entity.deviceClass;
  if (entity.unit) config.unit_of_measurement = entity.unit;
  if (entity.stateClass) config.state_class = entity.stateClass;
  if (entity.options) config.options = entity.options.slice();
  if (entity.icon) config.icon = entity.icon;
  if (entity.component === "number") {
    config.min = entity.min ?? 0;
    config.max = entity.max ?? 100;
    config.step = 1;
    config.mode = "box";
  }
  if (entity.command) config.command_topic = `${ctx.base}/${entity.path}/set`;
  if (entity.retainCommand) config.retain = true;
  if (entity.attributes) config.json_attributes_topic = `${ctx.base}/${entity.path}/attributes`;
  config.device = {
    identifiers: [node],
    name: ctx.name,
    manufacturer: "délesteur project",
    model: ctx.model,
    sw_version: ctx.swVersion,
  };
  config.origin = { name: "délesteur", sw_version: ctx.swVersion };
  return jsonText(config);
}

export function discoveryMessages(ctx: DiscoveryContext, entities: readonly Entity[]): DiscoveryMessage[] {
  return entities.map((entity) => ({ topic: configTopic(ctx, entity), payload: discoveryPayload(ctx, entity) }));
}

/** The object id in a config topic of this box (`<prefix>/<component>/<node>/<object>/config`), else undefined. */
export function objectOfConfigTopic(ctx: DiscoveryContext, topic: string): string | undefined {
  const head = `${ctx.prefix}/`;
  const node = `/${nodeIdOf(ctx.boxId)}/`;
  if (topic.indexOf(head) !== 0 || topic.slice(-7) !== "/config") return undefined;
  const at = topic.indexOf(node, head.length);
  if (at < 0) return undefined;
  const object = topic.slice(at + node.length, -7);
  return object.length > 0 && object.indexOf("/") < 0 ? object : undefined;
}
