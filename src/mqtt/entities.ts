// What the box shows over MQTT: one row per entity (topic, Home Assistant class and unit, how to read its value).
// Pure: values come from the snapshot and the last meter frame; never publishes, never decides.

import type { ControllerSnapshot, LoadSnapshot, Settings } from "../app/types";
import type { TicReading } from "../tic/types";
import type { EnergyView } from "../energy/view";
import { REASON_TEXTS } from "../web/texts";

export type Component = "sensor" | "binary_sensor" | "select" | "number" | "switch";

/** What an entity's value is read from: the Controller's snapshot and the last decoded frame (none before it). */
export interface EntitySource {
  snapshot: ControllerSnapshot;
  reading: TicReading | undefined;
  /** The energy figures (src/energy), built at most once a minute by the bridge; absent without a monitor. */
  energy?: () => EnergyView | undefined;
  /** The settings in force (a water heater's target, a probe): the bridge's; absent in tests that need none. */
  settings?: Settings;
}

export interface Entity {
  /** Unique within the box: the discovery object id, and the state topic under the base (`load/<id>/x` for loads). */
  object: string;
  path: string;
  component: Component;
  /** What Home Assistant shows (French: the owner's language; README lists them in English). */
  name: string;
  deviceClass?: string;
  unit?: string;
  stateClass?: "measurement" | "total" | "total_increasing";
  options?: readonly string[];
  icon?: string;
  /** A number entity's range. */
  min?: number;
  max?: number;
  /** Meter figures are down-sampled (MqttConfig.meterIntervalMs); the box's facts go out on change. */
  meter: boolean;
  /** Takes commands on `<path>/set`. */
  command?: boolean;
  /** Home Assistant publishes its commands retained (the override duration survives a restart of the box). */
  retainCommand?: boolean;
  /**
   * The entity's own availability besides the box's (a tank probe absent or failed): `online`/`offline` on
   * `<path>/availability`, and Home Assistant shows it unavailable unless both say online.
   */
  available?(source: EntitySource): boolean;
  /** A JSON attributes payload, published on `<path>/attributes`. */
  attributes?(source: EntitySource): string | undefined;
  value(source: EntitySource): string | undefined;
}

/** Values of the colour sensors: stable, lower-case, the same whatever the meter's mode (HA enum options). */
export const COLOUR_OPTIONS: readonly string[] = Object.freeze(["blue", "white", "red", "unknown"]);
export const PERIOD_OPTIONS: readonly string[] = Object.freeze(["HP", "HC"]);
export const MODE_OPTIONS: readonly string[] = Object.freeze(["AUTO", "HEAT"]);
export const OVERRIDE_OPTIONS: readonly string[] = Object.freeze(["auto", "on", "off"]);
export const LEVEL_OPTIONS: readonly string[] = Object.freeze(["off", "eco", "normal", "boost"]);
export const REASON_OPTIONS: readonly string[] = Object.freeze([
  "red_peak", "white_peak", "overload", "meter_lost", "budget", "rotation", "forced_off", "normal", "heat_mode", "forced_on", "boot",
  "dhw_satisfied", "dhw_waiting", "legionella", "dhw_boost", "sg_recommended",
  "no_surplus", "surplus", "guarantee",
  "ecowatt",
]);
/** A week, as the web API: a longer override is a forgotten setting, not an intention. */
export const OVERRIDE_MAX_MINUTES = 7 * 24 * 60;
export const PRIORITY_MAX = 4;

const onOff = (on: boolean): string => (on ? "ON" : "OFF");
const num = (value: number | undefined): string | undefined => (value === undefined || value !== value ? undefined : String(value));

const freeze = (rows: Entity[]): readonly Entity[] => {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows);
};

/** Box-wide entities, always there (meter ones read `undefined` until the first frame). */
export const BOX_ENTITIES: readonly Entity[] = freeze([
  { object: "power_va", path: "power_va", component: "sensor", name: "Puissance apparente", deviceClass: "apparent_power", unit: "VA", stateClass: "measurement", meter: true, value: (s) => num(s.reading?.apparentPowerVA) },
  { object: "subscribed_va", path: "subscribed_va", component: "sensor", name: "Puissance souscrite", deviceClass: "apparent_power", unit: "VA", meter: true, value: (s) => num(s.reading?.subscribedPowerVA) },
  { object: "today_colour", path: "today_colour", component: "sensor", name: "Couleur du jour", deviceClass: "enum", options: COLOUR_OPTIONS, icon: "mdi:palette", meter: false, value: (s) => s.snapshot.tariff.colour },
  { object: "tomorrow_colour", path: "tomorrow_colour", component: "sensor", name: "Couleur de demain", deviceClass: "enum", options: COLOUR_OPTIONS, icon: "mdi:palette-outline", meter: false, value: (s) => s.snapshot.tariff.tomorrow },
  { object: "period", path: "period", component: "sensor", name: "Période tarifaire", deviceClass: "enum", options: PERIOD_OPTIONS, icon: "mdi:clock-outline", meter: false, value: (s) => s.snapshot.tariff.period.toUpperCase() },
  { object: "colour_source", path: "colour_source", component: "sensor", name: "Source de la couleur", icon: "mdi:information-outline", meter: false, value: (s) => s.snapshot.tariff.source },
  { object: "mode", path: "mode", component: "select", name: "Mode", options: MODE_OPTIONS, icon: "mdi:radiator", meter: false, command: true, value: (s) => s.snapshot.mode },
  { object: "overload", path: "overload", component: "binary_sensor", name: "Dépassement de puissance", deviceClass: "problem", meter: false, value: (s) => onOff(s.snapshot.overload.active) },
  { object: "meter_lost", path: "meter_lost", component: "binary_sensor", name: "Compteur muet", deviceClass: "problem", meter: false, value: (s) => onOff(s.snapshot.meter.status === "lost") },
]);

const kWh = (wh: number | undefined): string | undefined => (wh === undefined ? undefined : (wh / 1000).toFixed(3));
const eur = (value: number | undefined): string | undefined => (value === undefined ? undefined : value.toFixed(2));

/** Today's kWh of one colour × period: a total_increasing sensor that restarts each Tempo day (HA sees the reset). */
function todayCell(cell: string, name: string): Entity {
  return { object: `energy_today_${cell}`, path: `energy/today/${cell}`, component: "sensor", name, deviceClass: "energy", unit: "kWh", stateClass: "total_increasing", meter: true, value: (s) => kWh(s.energy?.()?.periods.today.wh[cell]) };
}

/**
 * The energy figures (src/energy/view.ts) for Home Assistant: today's kWh per colour × period and in all, the season's,
 * cost today and this season (monetary, EUR, "total"), the estimated savings, red days left. Published with the meter
 * figures; the bridge rebuilds the view at most once a minute.
 */
export const ENERGY_ENTITIES: readonly Entity[] = freeze([
  todayCell("blueHc", "Énergie aujourd’hui bleu HC"),
  todayCell("blueHp", "Énergie aujourd’hui bleu HP"),
  todayCell("whiteHc", "Énergie aujourd’hui blanc HC"),
  todayCell("whiteHp", "Énergie aujourd’hui blanc HP"),
  todayCell("redHc", "Énergie aujourd’hui rouge HC"),
  todayCell("redHp", "Énergie aujourd’hui rouge HP"),
  { object: "energy_today", path: "energy/today/total", component: "sensor", name: "Énergie aujourd’hui", deviceClass: "energy", unit: "kWh", stateClass: "total_increasing", meter: true, value: (s) => kWh(s.energy?.()?.periods.today.totalWh) },
  { object: "energy_season", path: "energy/season/total", component: "sensor", name: "Énergie de la saison", deviceClass: "energy", unit: "kWh", stateClass: "total_increasing", meter: true, value: (s) => kWh(s.energy?.()?.periods.season.totalWh) },
  { object: "cost_today", path: "cost/today", component: "sensor", name: "Coût aujourd’hui", deviceClass: "monetary", unit: "EUR", stateClass: "total", meter: true, value: (s) => eur(s.energy?.()?.periods.today.costEur) },
  { object: "cost_month", path: "cost/month", component: "sensor", name: "Coût du mois", deviceClass: "monetary", unit: "EUR", stateClass: "total", meter: true, value: (s) => eur(s.energy?.()?.periods.month.costEur) },
  { object: "cost_season", path: "cost/season", component: "sensor", name: "Coût de la saison", deviceClass: "monetary", unit: "EUR", stateClass: "total", meter: true, value: (s) => eur(s.energy?.()?.periods.season.costEur) },
  { object: "savings_today", path: "savings/today", component: "sensor", name: "Économies estimées aujourd’hui", deviceClass: "monetary", unit: "EUR", stateClass: "total", icon: "mdi:piggy-bank-outline", meter: true, value: (s) => eur(s.energy?.()?.periods.today.savingsEur) },
  { object: "savings_season", path: "savings/season", component: "sensor", name: "Économies estimées de la saison", deviceClass: "monetary", unit: "EUR", stateClass: "total", icon: "mdi:piggy-bank-outline", meter: true, value: (s) => eur(s.energy?.()?.periods.season.savingsEur) },
  { object: "red_days_left", path: "red_days_left", component: "sensor", name: "Jours rouges restants", icon: "mdi:calendar-alert", meter: true, value: (s) => num(s.energy?.()?.season.redDaysLeft ?? undefined) },
]);

/** What a meter index is, by TIC label (DOMAIN §1): the Energy dashboard shows these names. */
const INDEX_NAMES: Readonly<Record<string, string>> = Object.freeze({
  BASE: "Index base", HCHC: "Index heures creuses", HCHP: "Index heures pleines", EJPHN: "Index EJP normal", EJPHPM: "Index EJP pointe mobile",
  BBRHCJB: "Index HC bleu", BBRHPJB: "Index HP bleu", BBRHCJW: "Index HC blanc", BBRHPJW: "Index HP blanc", BBRHCJR: "Index HC rouge", BBRHPJR: "Index HP rouge",
  EAST: "Énergie soutirée totale", EAIT: "Énergie injectée totale",
});

function indexName(label: string): string {
  const known = INDEX_NAMES[label];
  if (known) return known;
  // EASF01..10 (supplier's indexes: for Tempo 01..06 are blue HC/HP, white HC/HP, red HC/HP), EASD01..04 (network's).
  if (label.indexOf("EASF") === 0) return `Index fournisseur ${label.slice(4)}`;
  if (label.indexOf("EASD") === 0) return `Index distributeur ${label.slice(4)}`;
  return `Index ${label}`;
}

/**
 * Entities the meter's frame decides: every index it sends (zeros included, so the Energy dashboard takes them from
 * the first frame), a current per phase, injection for a producer, the cut-off power when the meter gives one.
 */
export function meterEntities(reading: TicReading | undefined): Entity[] {
  if (!reading) return [];
  const out: Entity[] = [];
  for (const label in reading.indexesWh) {
    const key = label.toLowerCase();
    out.push({ object: `index_${key}`, path: `index/${key}`, component: "sensor", name: indexName(label), deviceClass: "energy", unit: "Wh", stateClass: "total_increasing", meter: true, value: (s) => num(s.reading?.indexesWh[label]) });
  }
  for (let i = 0; i < reading.currentsA.length; i++) {
    const phase = i + 1;
    const name = reading.currentsA.length === 1 ? "Courant" : `Courant phase ${phase}`;
    out.push({ object: `current_l${phase}`, path: `current_l${phase}`, component: "sensor", name, deviceClass: "current", unit: "A", stateClass: "measurement", meter: true, value: (s) => num(s.reading?.currentsA[i]) });
  }
  if (reading.injectedPowerVA !== undefined) {
    out.push({ object: "injected_va", path: "injected_va", component: "sensor", name: "Puissance injectée", deviceClass: "apparent_power", unit: "VA", stateClass: "measurement", meter: true, value: (s) => num(s.reading?.injectedPowerVA) });
  }
  if (reading.cutOffPowerVA !== undefined) {
    out.push({ object: "cutoff_va", path: "cutoff_va", component: "sensor", name: "Puissance de coupure", deviceClass: "apparent_power", unit: "VA", meter: true, value: (s) => num(s.reading?.cutOffPowerVA) });
  }
  return out;
}

function loadOf(s: EntitySource, id: string): LoadSnapshot | undefined {
  const loads = s.snapshot.loads;
  for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
  return undefined;
}

/** The object id prefix of a load's entities (removal finds a deleted load's entities by it). */
export const LOAD_OBJECT_PREFIX = "load_";

/**
 * One load's entities. The override duration is the bridge's own (HA keeps it retained on its command topic), so its
 * value comes from `overrideMinutes`.
 */
export function loadEntities(id: string, name: string, overrideMinutes: (id: string) => number): Entity[] {
  const o = `${LOAD_OBJECT_PREFIX}${id}_`;
  const p = `load/${id}/`;
  return [
    { object: o + "state", path: p + "state", component: "binary_sensor", name: `${name} marche`, deviceClass: "power", meter: false, value: (s) => { const l = loadOf(s, id); return l ? onOff(l.on) : undefined; } },
    { object: o + "level", path: p + "level", component: "sensor", name: `${name} niveau`, deviceClass: "enum", options: LEVEL_OPTIONS, meter: false, value: (s) => loadOf(s, id)?.level },
    { object: o + "reason", path: p + "reason", component: "sensor", name: `${name} raison`, deviceClass: "enum", options: REASON_OPTIONS, meter: false, attributes: (s) => reasonAttributes(loadOf(s, id)), value: (s) => loadOf(s, id)?.reason },
    { object: o + "override", path: p + "override", component: "select", name: `${name} forçage`, options: OVERRIDE_OPTIONS, icon: "mdi:hand-back-right", meter: false, command: true, value: (s) => loadOf(s, id)?.override },
    { object: o + "override_minutes", path: p + "override_minutes", component: "number", name: `${name} durée du forçage`, unit: "min", min: 0, max: OVERRIDE_MAX_MINUTES, icon: "mdi:timer-outline", meter: false, command: true, retainCommand: true, value: () => String(overrideMinutes(id)) },
    { object: o + "priority", path: p + "priority", component: "number", name: `${name} priorité`, min: 0, max: PRIORITY_MAX, icon: "mdi:sort-numeric-ascending", meter: false, command: true, value: (s) => num(loadOf(s, id)?.priority) },
    { object: o + "allocated_w", path: p + "allocated_w", component: "sensor", name: `${name} puissance allouée`, deviceClass: "power", unit: "W", stateClass: "measurement", meter: false, value: (s) => num(loadOf(s, id)?.allocatedW) },
  ];
}

/** Why a load is as it is, for people: French first, English, and the engine's detail with its numbers. */
function reasonAttributes(load: LoadSnapshot | undefined): string | undefined {
  if (!load) return undefined;
  // Not the engine's detail: while a load is held it counts milliseconds, and a retained topic would change at every
  // frame (seen on the lin build). The JSON state topic carries it for scripts.
  return JSON.stringify({ text_fr: REASON_TEXTS.fr[load.reason], text_en: REASON_TEXTS.en[load.reason] });
}
