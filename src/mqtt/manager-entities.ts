// Home Assistant entities of the energy manager's loads: a water heater's tank, target, boost and anti-legionella, a
// heat pump's SG-Ready state and mode. Pure rows read from the snapshot and the settings; never publishes or decides.

import type { LoadConfig, LoadSnapshot, TankSnapshot } from "../app/types";
import { formatLocalIso } from "../tariff/local-time";
import { BOOST_MINUTES, targetRangeOf } from "../web/tank-writes";
import { LOAD_OBJECT_PREFIX, type Entity, type EntitySource } from "./entities";

/** SG-Ready's four states (DOMAIN §3: 1 lock, 2 normal, 3 recommended on, 4 forced on), as the sensor says them. */
export const SG_STATE_OPTIONS: readonly string[] = Object.freeze(["lock", "normal", "recommended", "forced"]);
/** What the API's PUT …/mode allows: auto (the box decides), lock (1), forced (4); the load's override underneath. */
export const SG_MODE_OPTIONS: readonly string[] = Object.freeze(["auto", "lock", "forced"]);
/** A boost switched on from Home Assistant before any duration was set: an hour, inside the plan's 15–120 min. */
export const BOOST_DEFAULT_MINUTES = 60;
/** Home Assistant's MQTT sensors read this payload as "unknown" (a timestamp that has none: no boost running). */
const UNKNOWN = "None";

function tankOf(s: EntitySource, id: string): TankSnapshot | undefined {
  const tanks = s.snapshot.manager.tanks;
  for (let i = 0; i < tanks.length; i++) if (tanks[i].id === id) return tanks[i];
  return undefined;
}

function loadOf(s: EntitySource, id: string): LoadSnapshot | undefined {
  const loads = s.snapshot.loads;
  for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
  return undefined;
}

/** The load's config in force (a target changed from HA or the API), else the one the rows were built from. */
function configOf(s: EntitySource, built: LoadConfig): LoadConfig {
  const loads = s.settings?.loads;
  if (loads !== undefined) for (let i = 0; i < loads.length; i++) if (loads[i].id === built.id) return loads[i];
  return built;
}

const onOff = (on: boolean): string => (on ? "ON" : "OFF");
const timestamp = (ms: number | null | undefined): string => (ms === null || ms === undefined ? UNKNOWN : formatLocalIso(ms));

/** The probe's reading and the target, for a water heater and a heat pump with a probe alike. */
function tankRows(c: LoadConfig, o: string, p: string, what: string): Entity[] {
  const range = targetRangeOf(c.kind) as { min: number; max: number };
  return [
    {
      object: o + "tank_temperature", path: p + "tank_temperature", component: "sensor", name: `${c.name} ${what}`, deviceClass: "temperature", unit: "°C", stateClass: "measurement", meter: false,
      // Unavailable without a probe or while it fails (the manager then ignores it too): never a stale figure shown as live.
      available: (s) => { const t = tankOf(s, c.id)?.temperatureC; return probed(s, c) && t !== null && t !== undefined; },
      value: (s) => { const t = tankOf(s, c.id)?.temperatureC; return t === null || t === undefined ? undefined : String(t); },
    },
    {
      object: o + "target_temperature", path: p + "target_temperature", component: "number", name: `${c.name} température visée`, deviceClass: "temperature", unit: "°C",
      min: range.min, max: range.max, icon: "mdi:thermometer-chevron-up", meter: false, command: true,
      value: (s) => { const now = configOf(s, c); return now.kind === "water-heater" || now.kind === "sg-ready" ? String(now.targetTemperatureC) : undefined; },
    },
  ];
}

function probed(s: EntitySource, built: LoadConfig): boolean {
  const c = configOf(s, built);
  return (c.kind === "water-heater" || c.kind === "sg-ready") && c.probe;
}

/**
 * The manager's entities of one load, beside its common ones (entities.ts). Built again when the load's kind or probe
 * changes (the bridge's key); values read the snapshot and settings at each publish. `boostMinutes` is the bridge's
 * (Home Assistant keeps it retained on its command topic), like the override duration.
 */
export function managedEntities(c: LoadConfig, boostMinutes: (id: string) => number): Entity[] {
  const o = `${LOAD_OBJECT_PREFIX}${c.id}_`;
  const p = `load/${c.id}/`;
  if (c.kind === "water-heater") {
    return tankRows(c, o, p, "température du ballon").concat([
      { object: o + "boost", path: p + "boost", component: "switch", name: `${c.name} relance`, icon: "mdi:fire", meter: false, command: true, value: (s) => { const t = tankOf(s, c.id); return t ? onOff(t.boostUntilMs !== null) : undefined; } },
      { object: o + "boost_minutes", path: p + "boost_minutes", component: "number", name: `${c.name} durée de relance`, unit: "min", min: BOOST_MINUTES.min, max: BOOST_MINUTES.max, icon: "mdi:timer-outline", meter: false, command: true, retainCommand: true, value: () => String(boostMinutes(c.id)) },
      { object: o + "boost_until", path: p + "boost_until", component: "sensor", name: `${c.name} fin de relance`, deviceClass: "timestamp", icon: "mdi:timer-sand", meter: false, value: (s) => timestamp(tankOf(s, c.id)?.boostUntilMs) },
      { object: o + "legionella", path: p + "legionella", component: "binary_sensor", name: `${c.name} anti-légionelle`, deviceClass: "running", meter: false, value: (s) => { const t = tankOf(s, c.id); return t ? onOff(t.legionellaRunning) : undefined; } },
      { object: o + "legionella_last", path: p + "legionella_last", component: "sensor", name: `${c.name} dernier anti-légionelle`, deviceClass: "timestamp", icon: "mdi:bacteria-outline", meter: false, value: (s) => timestamp(tankOf(s, c.id)?.legionellaDoneMs) },
    ]);
  }
  if (c.kind !== "sg-ready") return [];
  const rows: Entity[] = [
    { object: o + "sg_state", path: p + "sg_state", component: "sensor", name: `${c.name} état SG-Ready`, deviceClass: "enum", options: SG_STATE_OPTIONS, icon: "mdi:heat-pump", meter: false, value: (s) => sgStateWord(loadOf(s, c.id)?.order) },
    { object: o + "sg_mode", path: p + "sg_mode", component: "select", name: `${c.name} mode SG-Ready`, options: SG_MODE_OPTIONS, icon: "mdi:hand-back-right", meter: false, command: true, value: (s) => sgModeOf(loadOf(s, c.id)?.override) },
  ];
  return c.probe ? rows.concat(tankRows(c, o, p, "température de l’eau")) : rows;
}

/** What decides a load's manager entities (its kind, and a probe): the bridge rebuilds them when this changes. */
export function managedKey(c: LoadConfig | undefined): string {
  if (c === undefined) return "";
  return c.kind === "water-heater" || c.kind === "sg-ready" ? `${c.kind}:${c.probe}` : c.kind;
}

/** "sg-recommended" → "recommended"; nothing for an order that is not SG-Ready's (none decided yet). */
export function sgStateWord(order: string | undefined): string | undefined {
  return order !== undefined && order.indexOf("sg-") === 0 ? order.slice(3) : undefined;
}

export function sgModeOf(override: string | undefined): string | undefined {
  return override === "off" ? "lock" : override === "on" ? "forced" : override === "auto" ? "auto" : undefined;
}

export { BOOST_MINUTES };
