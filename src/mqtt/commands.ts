// MQTT command decoding: a topic under the base and its payload to one owner intent, or why it is malformed.
// Pure and strict with the wire: never throws, never builds a half command; the bridge runs what this returns.

import { utf8Decode } from "../../lib/bytes";
import { OVERRIDE_MAX_MINUTES, PRIORITY_MAX } from "./entities";
import { BOOST_MINUTES } from "../web/tank-writes";

/** A command payload is a word or a small JSON object; anything longer is not one of ours. */
export const COMMAND_MAX_BYTES = 256;

export type MqttIntent =
  | { type: "mode"; mode: "AUTO" | "HEAT" }
  | { type: "override"; loadId: string; override: "auto" | "on" | "off"; minutes?: number }
  | { type: "override-minutes"; loadId: string; minutes: number }
  | { type: "priority"; loadId: string; priority: 0 | 1 | 2 | 3 | 4 }
  // The energy manager's (manager-entities.ts): checked against the load's kind and range by the bridge, as the API does.
  | { type: "target"; loadId: string; targetTemperatureC: number }
  | { type: "boost"; loadId: string; on: boolean; minutes?: number }
  | { type: "boost-minutes"; loadId: string; minutes: number }
  | { type: "sg-mode"; loadId: string; mode: "auto" | "lock" | "forced" };

export type Decoded = { ok: true; intent: MqttIntent } | { ok: false; error: string };

const LOAD_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const WHOLE = /^\d{1,6}(\.0+)?$/;
/** A temperature as HA's number entity sends it: a few digits, maybe a fraction (the range check says if it fits). */
const DEGREES = /^-?\d{1,3}(\.\d{1,3})?$/;

/** The topic filters a box subscribes to for commands, under its base. */
export function commandFilters(base: string): string[] {
  const load = (what: string): string => `${base}/load/+/${what}/set`;
  return [`${base}/mode/set`, load("override"), load("override_minutes"), load("priority"), load("target_temperature"), load("boost"), load("boost_minutes"), load("sg_mode")];
}

function wholeNumber(text: string, max: number): number | undefined {
  const t = text.trim();
  if (!WHOLE.test(t)) return undefined;
  const n = Math.floor(Number(t));
  return n <= max ? n : undefined;
}

/** `auto|on|off`, or `{"override":"on","minutes":30}` for scripts. */
function decodeOverride(loadId: string, text: string): Decoded {
  const word = text.trim();
  if (word === "auto" || word === "on" || word === "off") return { ok: true, intent: { type: "override", loadId, override: word } };
  if (word.charAt(0) !== "{") return { ok: false, error: "override must be auto, on or off" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(word);
  } catch {
    return { ok: false, error: "override JSON does not parse" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, error: "override JSON must be an object" };
  const o = parsed as Record<string, unknown>;
  for (const key in o) if (key !== "override" && key !== "minutes") return { ok: false, error: `unknown field "${key}"` };
  const override = o.override;
  if (override !== "auto" && override !== "on" && override !== "off") return { ok: false, error: "override must be auto, on or off" };
  if (o.minutes === undefined) return { ok: true, intent: { type: "override", loadId, override } };
  const minutes = o.minutes;
  if (typeof minutes !== "number" || Math.floor(minutes) !== minutes || minutes < 0 || minutes > OVERRIDE_MAX_MINUTES) {
    return { ok: false, error: `minutes must be a whole number 0-${OVERRIDE_MAX_MINUTES}` };
  }
  return { ok: true, intent: { type: "override", loadId, override, minutes } };
}

/** A message on one of `commandFilters(base)`; undefined when the topic is not a command topic of ours. */
export function decodeCommand(base: string, topic: string, payload: Uint8Array): Decoded | undefined {
  const head = `${base}/`;
  if (topic.indexOf(head) !== 0 || topic.slice(-4) !== "/set") return undefined;
  const parts = topic.slice(head.length, -4).split("/");
  if (payload.length > COMMAND_MAX_BYTES) return { ok: false, error: `payload over ${COMMAND_MAX_BYTES} bytes` };
  const text = utf8Decode(payload);
  if (parts.length === 1 && parts[0] === "mode") {
    const mode = text.trim().toUpperCase();
    return mode === "AUTO" || mode === "HEAT" ? { ok: true, intent: { type: "mode", mode } } : { ok: false, error: "mode must be AUTO or HEAT" };
  }
  if (parts.length !== 3 || parts[0] !== "load") return undefined;
  const loadId = parts[1];
  if (!LOAD_ID.test(loadId)) return { ok: false, error: "bad load id" };
  switch (parts[2]) {
    case "override":
      return decodeOverride(loadId, text);
    case "override_minutes": {
      const minutes = wholeNumber(text, OVERRIDE_MAX_MINUTES);
      return minutes === undefined ? { ok: false, error: `minutes must be a whole number 0-${OVERRIDE_MAX_MINUTES}` } : { ok: true, intent: { type: "override-minutes", loadId, minutes } };
    }
    case "priority": {
      const priority = wholeNumber(text, PRIORITY_MAX);
      return priority === undefined ? { ok: false, error: `priority must be a whole number 0-${PRIORITY_MAX}` } : { ok: true, intent: { type: "priority", loadId, priority: priority as 0 | 1 | 2 | 3 | 4 } };
    }
    case "target_temperature": {
      // HA's number sends "55" or "55.0"; the kind's range (and a whole °C) is the bridge's check, the API's own.
      const t = text.trim();
      return DEGREES.test(t) ? { ok: true, intent: { type: "target", loadId, targetTemperatureC: Number(t) } } : { ok: false, error: "targetTemperatureC must be a number of °C" };
    }
    case "boost": {
      const word = text.trim();
      if (word === "ON" || word === "OFF") return { ok: true, intent: { type: "boost", loadId, on: word === "ON" } };
      const minutes = wholeNumber(word, BOOST_MINUTES.max);
      if (minutes !== undefined && minutes >= BOOST_MINUTES.min) return { ok: true, intent: { type: "boost", loadId, on: true, minutes } };
      return { ok: false, error: `boost must be ON, OFF or a whole number of minutes ${BOOST_MINUTES.min}-${BOOST_MINUTES.max}` };
    }
    case "boost_minutes": {
      const minutes = wholeNumber(text, BOOST_MINUTES.max);
      return minutes === undefined || minutes < BOOST_MINUTES.min ? { ok: false, error: `durationMin must be a whole number ${BOOST_MINUTES.min}-${BOOST_MINUTES.max}` } : { ok: true, intent: { type: "boost-minutes", loadId, minutes } };
    }
    case "sg_mode": {
      const mode = text.trim();
      return mode === "auto" || mode === "lock" || mode === "forced" ? { ok: true, intent: { type: "sg-mode", loadId, mode } } : { ok: false, error: "mode must be auto, lock (SG-Ready 1) or forced (SG-Ready 4)" };
    }
  }
  return undefined;
}
