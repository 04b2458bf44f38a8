// Load kinds: each kind's own settings fields and its driver, which turns a decided level into outputs.
// Frozen tables and pure functions; never drives a GPIO or a plug itself (the Device writes what drive() says).

import { frozenFields, type FieldSpec } from "../settings/field";
import type { LoadConfig, LoadKind, LoadLevel, LoadOrder, LoadReason, Priority } from "./types";

/** What a load's outputs receive: contact levels (true = coil energised) and, for a setpoint load, watts. */
export interface Drive {
  order?: LoadOrder;
  contacts: readonly boolean[];
  setpointW?: number;
}

export interface LoadKindSpec {
  /** Contacts (digital or remote outputs) the kind uses. */
  readonly contacts: number;
  /** Runs on part of its nominal power: the budget gives it what is left (in steps). */
  readonly modulating: boolean;
  /** The kind's own fields (the common ones are in settings/table.ts). */
  readonly fields: readonly FieldSpec[];
  /** Priority of a load of this kind saved without one (the energy-manager plan's defaults); absent: the table's 2. */
  readonly defaultPriority?: Priority;
  /** A modulating kind's least useful power: given less, it is better off (an EV charger's 6 A). */
  minPowerW?(config: LoadConfig): number;
  /**
   * Least time between two states of its outputs (SG-Ready: compressors hate chatter); anti-chatter holds any change
   * inside it but a safety cut. Absent: only the minimum on/off times apply.
   */
  minStateChangeMs?(config: LoadConfig): number;
  /**
   * Outputs for a level; `powerW` is the allocated power (setpoint loads only use it), `reason` why (an SG-Ready heat
   * pump the owner forced on gets state 4, "forced on", where a recommended level gets 3).
   */
  drive(config: LoadConfig, level: LoadLevel, powerW: number, reason?: LoadReason): Drive;
}

export type LoadKinds = Readonly<Record<string, LoadKindSpec>>;

/**
 * Contacts are fail-safe (README "## Wiring"): a dead or booting box energises nothing, so loads keep running
 * without it. Relays switch through their normally-closed contact; fil-pilote diodes reach the pilot wire only
 * through an energised relay (DOMAIN §3: positive half-wave = arrêt, negative = hors-gel, both = eco); fil-pilote-2
 * is [negative, positive]. SG-Ready [A, B]: 1 lock = A, 2 normal = none, 3 recommended = B, 4 forced = A + B.
 */
const C = (...levels: boolean[]): readonly boolean[] => Object.freeze(levels);
const ONE_RELEASED = C(false);
const ONE_ENERGISED = C(true);
const FP1 = Object.freeze({ confort: C(false), eco: C(true), "hors-gel": C(true), arret: C(true) });
const FP2 = Object.freeze({ confort: C(false, false), eco: C(true, true), "hors-gel": C(true, false), arret: C(false, true) });
const SG = Object.freeze({ "sg-lock": C(true, false), "sg-normal": C(false, false), "sg-recommended": C(false, true), "sg-forced": C(true, true) });

const relayDrive = (_config: LoadConfig, level: LoadLevel): Drive => (level === "off" ? OFF_RELAY : ON_RELAY);
const OFF_RELAY: Drive = Object.freeze({ contacts: ONE_ENERGISED });
const ON_RELAY: Drive = Object.freeze({ contacts: ONE_RELEASED });

function pilotOrder(config: LoadConfig, level: LoadLevel): "confort" | "eco" | "hors-gel" | "arret" {
  if (level === "off") return config.kind === "fil-pilote-1" || config.kind === "fil-pilote-2" ? config.shedOrder : "hors-gel";
  return level === "eco" ? "eco" : "confort";
}

/** A pilot-wire kind: its shed order field, and the contacts of each order. */
function pilotWireKind(contacts: number, table: Readonly<Record<"confort" | "eco" | "hors-gel" | "arret", readonly boolean[]>>): LoadKindSpec {
  return Object.freeze({
    contacts,
    modulating: false,
    fields: frozenFields([SHED_ORDER_FIELD]),
    drive(config: LoadConfig, level: LoadLevel): Drive {
      const order = pilotOrder(config, level);
      return { order, contacts: table[order] };
    },
  });
}

const SG_BY_LEVEL: Readonly<Record<LoadLevel, keyof typeof SG>> = Object.freeze({ off: "sg-lock", eco: "sg-normal", normal: "sg-normal", boost: "sg-recommended" });

const SHED_ORDER_FIELD: FieldSpec = frozenFields([
  {
    key: "shedOrder",
    type: "enum",
    values: ["hors-gel", "arret", "eco"],
    default: "hors-gel",
    label: { fr: "Ordre quand délesté", en: "Order when shed" },
    help: { fr: "Hors-gel, arrêt ou éco (deux relais pour arrêt et éco)", en: "Frost protection, stop or eco (two relays for stop and eco)" },
  },
])[0];

/** The kinds this build knows. A new kind is one entry here (or one more passed to the Controller). */
export const LOAD_KINDS: LoadKinds = Object.freeze({
  relay: Object.freeze({ contacts: 1, modulating: false, fields: frozenFields([]), drive: relayDrive }),
  "fil-pilote-1": pilotWireKind(1, FP1),
  "fil-pilote-2": pilotWireKind(2, FP2),
  "sg-ready": Object.freeze({
    contacts: 2,
    modulating: false,
    // The plan: a heat pump's standard priority is 1 (0 in winter with `winterPriority0`), before hot water's 2.
    defaultPriority: 1,
    fields: frozenFields([
      {
        key: "minStateChangeMs",
        type: "integer",
        unit: "ms",
        min: 60_000,
        max: 3_600_000,
        default: 600_000,
        label: { fr: "Délai entre deux états", en: "Time between two states" },
        help: { fr: "Un compresseur n'aime pas les changements rapprochés (10 min par défaut)", en: "Compressors hate chatter (10 min by default)" },
      },
      {
        key: "winterPriority0",
        type: "boolean",
        default: true,
        label: { fr: "Priorité 0 en hiver", en: "Priority 0 in winter" },
        help: { fr: "Du 1er novembre au 31 mars, jamais coupée faute de puissance (les jours rouges la bloquent toujours si cochés)", en: "1 Nov – 31 Mar, never cut for lack of power (red days still lock it when ticked)" },
      },
      { key: "probe", type: "boolean", default: false, label: { fr: "Sonde de température", en: "Temperature probe" }, help: { fr: "Une sonde DS18B20 mesure l'eau chauffée", en: "A DS18B20 probe reads the heated water" } },
      {
        key: "targetTemperatureC",
        type: "integer",
        unit: "°C",
        min: 20,
        max: 65,
        default: 50,
        label: { fr: "Température visée", en: "Target temperature" },
        help: { fr: "Avec une sonde : plus de « marche conseillée » au-delà", en: "With a probe: no more \"recommended on\" above it" },
      },
    ]),
    minStateChangeMs: (config: LoadConfig): number => (config.kind === "sg-ready" ? config.minStateChangeMs : 0),
    drive(_config: LoadConfig, level: LoadLevel, _powerW: number, reason?: LoadReason): Drive {
      const order = level !== "off" && reason === "forced_on" ? "sg-forced" : SG_BY_LEVEL[level];
      return { order, contacts: SG[order] };
    },
  }),
  "water-heater": Object.freeze({
    contacts: 1,
    modulating: false,
    fields: frozenFields([
      { key: "probe", type: "boolean", default: false, label: { fr: "Sonde de température", en: "Temperature probe" }, help: { fr: "Une sonde DS18B20 mesure le ballon", en: "A DS18B20 probe reads the tank" } },
      {
        key: "targetTemperatureC",
        type: "integer",
        unit: "°C",
        min: 40,
        max: 75,
        default: 55,
        label: { fr: "Température visée", en: "Target temperature" },
        help: { fr: "Avec une sonde : la chauffe s'arrête à cette température", en: "With a probe: heating stops at this temperature" },
      },
      {
        key: "heatIn",
        type: "enum",
        values: ["hc", "any"],
        default: "hc",
        label: { fr: "Chauffe", en: "Heats" },
        help: { fr: "hc : en heures creuses, prêt à 6 h ; any : dès que la puissance le permet", en: "hc: in off-peak hours, hot by 06:00; any: whenever power allows" },
      },
      {
        key: "tankVolumeL",
        type: "integer",
        unit: "L",
        min: 30,
        max: 500,
        default: 200,
        label: { fr: "Volume du ballon", en: "Tank volume" },
        help: { fr: "Avec une sonde : sert à estimer la durée de chauffe", en: "With a probe: estimates how long a heat takes" },
      },
      {
        key: "heatHours",
        type: "integer",
        unit: "h",
        min: 1,
        max: 8,
        default: 4,
        label: { fr: "Heures de chauffe (sans sonde)", en: "Heating hours (no probe)" },
        help: { fr: "Sans sonde : la chauffe commence ce nombre d'heures avant 6 h", en: "Without a probe: heating starts this many hours before 06:00" },
      },
      {
        key: "legionella",
        type: "boolean",
        default: true,
        label: { fr: "Anti-légionelle", en: "Anti-legionella" },
        help: { fr: "60 °C au moins une fois par semaine, une nuit bleue", en: "60 °C at least once a week, in a blue night" },
      },
    ]),
    drive: relayDrive,
  }),
  modulating: Object.freeze({
    contacts: 0,
    modulating: true,
    fields: frozenFields([
      {
        key: "minPowerW",
        type: "integer",
        unit: "W",
        min: 0,
        max: 36_000,
        default: 0,
        label: { fr: "Puissance minimale", en: "Minimum power" },
        help: { fr: "En dessous, la charge est arrêtée (6 A pour une borne de recharge)", en: "Below this the load is stopped (6 A for an EV charger)" },
      },
    ]),
    minPowerW: (config: LoadConfig): number => (config.kind === "modulating" ? config.minPowerW : 0),
    drive(_config: LoadConfig, level: LoadLevel, powerW: number): Drive {
      return { contacts: NO_CONTACTS, setpointW: level === "off" ? 0 : powerW };
    },
  }),
});
const NO_CONTACTS = C();

/** The boot state of a kind's contacts: all released (loads run as without the box). */
export function safeContacts(kinds: LoadKinds, kind: LoadKind | string): readonly boolean[] {
  const n = kinds[kind]?.contacts ?? 0;
  return n === 0 ? NO_CONTACTS : n === 1 ? ONE_RELEASED : C(...new Array<boolean>(n).fill(false));
}

/** The order shown for a level (fil-pilote order, SG-Ready state), none for relays and setpoints. */
export function orderFor(kinds: LoadKinds, config: LoadConfig, level: LoadLevel, reason?: LoadReason): LoadOrder | undefined {
  return kinds[config.kind].drive(config, level, 0, reason).order;
}
