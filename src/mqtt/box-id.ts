// The box's MQTT identity: a random id made once and kept in the store (client id, topics, HA unique_ids).
// Never derived from the network: the same box keeps its entities in Home Assistant whatever its address.

import type { KeyValueStore, Random } from "../../hal/types";
import { bytesToHex, utf8Decode, utf8Encode } from "../../lib/bytes";

export const BOX_ID_KEY = "mqtt.id";
/** 48 bits: no two boxes of one home collide, and the id stays short in every topic. */
const BOX_ID_BYTES = 6;
const BOX_ID_PATTERN = /^[0-9a-f]{12}$/;

export function boxIdOf(store: KeyValueStore, random: Random): string {
  const stored = store.get(BOX_ID_KEY);
  if (stored) {
    const text = utf8Decode(stored);
    if (BOX_ID_PATTERN.test(text)) return text;
  }
  const id = bytesToHex(random.fill(new Uint8Array(BOX_ID_BYTES))).toLowerCase();
  store.set(BOX_ID_KEY, utf8Encode(id));
  return id;
}
