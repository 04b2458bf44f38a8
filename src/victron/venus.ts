// Victron Venus OS over MQTT (dbus-flashmq on the GX): topic shapes, the ESS settings we write with their ranges, the
// readings we take. Frozen tables and pure helpers; never touches a connection, a timer or the clock.

/** What dbus-flashmq expects and sends (DOMAIN §7). */
export const VENUS = Object.freeze({
  /** Retained by the GX on its broker: the one topic readable before we know the portal id. */
  serialFilter: "N/+/system/0/Serial",
  /** After the first keep-alive of a session, later ones must not ask for a full republish of every dbus value. */
  keepaliveSuppress: '{"keepalive-options":["suppress-republish"]}',
  /** The ESS settings live under this dbus path of com.victronenergy.settings. */
  essPrefix: "settings/0/Settings/CGwacs/",
  /** The GX stops publishing 60 s after the last keep-alive; we send one well before (≤ 50 s, see gx-link). */
  keepaliveTimeoutMs: 60_000,
});

/** How a value read back is compared with the value written. */
export type Accept = "exact" | "batterylife-on" | "batterylife-off";

/** One ESS setting we may write: its path under CGwacs/ and Venus OS's range for it (localsettings' min/max). */
export interface EssSettingSpec {
  path: string;
  min: number;
  max: number;
}

/**
 * BatteryLife/State: 1–8 are BatteryLife's own states (it moves between them by itself once on), 9 "keep charged",
 * 10–12 optimised without BatteryLife. Writing 1 (restart) turns it on, 10 turns it off (the community Tempo
 * script's values); a read of 2–8 after writing 1 means "on", 11–12 after 10 means "off".
 */
export const BATTERYLIFE_STATE = Object.freeze({ on: 1, off: 10, onMin: 1, onMax: 8, offMin: 10, offMax: 12 });

/** Venus OS schedules: five charge slots, Day 7 = every day, a negative Day disables the slot. */
export const SCHEDULE = Object.freeze({ slots: 5, everyDay: 7, disabledDay: -7 });

const schedulePaths = (slot: number): EssSettingSpec[] => [
  { path: `BatteryLife/Schedule/Charge/${slot}/Day`, min: -7, max: 9 },
  { path: `BatteryLife/Schedule/Charge/${slot}/Start`, min: 0, max: 86_400 },
  { path: `BatteryLife/Schedule/Charge/${slot}/Duration`, min: 0, max: 86_400 },
  { path: `BatteryLife/Schedule/Charge/${slot}/Soc`, min: 0, max: 100 },
  { path: `BatteryLife/Schedule/Charge/${slot}/AllowDischarge`, min: 0, max: 1 },
];

/** Every ESS setting the box may write, one row each; a path not in here is never written. */
export const ESS_SETTINGS: readonly EssSettingSpec[] = freezeRows([
  { path: "BatteryLife/MinimumSocLimit", min: 0, max: 100 },
  { path: "BatteryLife/State", min: 0, max: 12 },
  ...schedulePaths(0),
  ...schedulePaths(1),
  ...schedulePaths(2),
  ...schedulePaths(3),
  ...schedulePaths(4),
]);

export function essSpecOf(path: string): EssSettingSpec | undefined {
  for (let i = 0; i < ESS_SETTINGS.length; i++) if (ESS_SETTINGS[i].path === path) return ESS_SETTINGS[i];
  return undefined;
}

/** Why a value may not be written to `path`, or null when Venus OS accepts it. */
export function essValueProblem(path: string, value: number): string | null {
  const spec = essSpecOf(path);
  if (!spec) return `${path}: not an ESS setting the box writes`;
  if (!Number.isInteger(value)) return `${path}: ${value} is not a whole number`;
  if (value < spec.min || value > spec.max) return `${path}: ${value} outside ${spec.min}…${spec.max}`;
  return null;
}

/** The value read back says the write took. */
export function accepted(accept: Accept, wanted: number, read: number | null | undefined): boolean {
  if (read === null || read === undefined) return false;
  if (accept === "batterylife-on") return read >= BATTERYLIFE_STATE.onMin && read <= BATTERYLIFE_STATE.onMax;
  if (accept === "batterylife-off") return read >= BATTERYLIFE_STATE.offMin && read <= BATTERYLIFE_STATE.offMax;
  return read === wanted;
}

/** What the box reads from the GX (system service: the GX's own sums), with the unit and sign in the name. */
export type GxQuantity = "socPct" | "batteryW" | "gridW" | "pvW";

/**
 * The readings, one row per dbus path; rows of one quantity are summed (phases, DC and AC-coupled PV).
 * Signs as Venus OS gives them: battery power > 0 charging, grid power > 0 importing.
 */
export const GX_READINGS: readonly { quantity: GxQuantity; path: string }[] = freezeRows([
  { quantity: "socPct", path: "system/0/Dc/Battery/Soc" },
  { quantity: "batteryW", path: "system/0/Dc/Battery/Power" },
  { quantity: "gridW", path: "system/0/Ac/Grid/L1/Power" },
  { quantity: "gridW", path: "system/0/Ac/Grid/L2/Power" },
  { quantity: "gridW", path: "system/0/Ac/Grid/L3/Power" },
  { quantity: "pvW", path: "system/0/Dc/Pv/Power" },
  { quantity: "pvW", path: "system/0/Ac/PvOnGrid/L1/Power" },
  { quantity: "pvW", path: "system/0/Ac/PvOnGrid/L2/Power" },
  { quantity: "pvW", path: "system/0/Ac/PvOnGrid/L3/Power" },
  { quantity: "pvW", path: "system/0/Ac/PvOnOutput/L1/Power" },
  { quantity: "pvW", path: "system/0/Ac/PvOnOutput/L2/Power" },
  { quantity: "pvW", path: "system/0/Ac/PvOnOutput/L3/Power" },
]);

/** A portal id as Venus OS spells it (the GX's MAC, lower-case hex); anything else is not trusted into a topic. */
export const PORTAL_ID_PATTERN = "^[0-9a-f]{12}$";

export function isPortalId(text: string): boolean {
  if (text.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * The `value` of a `{"value": …}` payload: a finite number, null (Venus OS's "invalid"), or undefined when the
 * payload is not that shape (counted by the caller, never turned into a 0).
 */
export function venusNumber(payload: string): number | null | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || !("value" in parsed)) return undefined;
  const value = (parsed as { value: unknown }).value;
  if (value === null) return null;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The `value` of a `{"value": "…"}` payload when it is a string (the serial). */
export function venusString(payload: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { value?: unknown }).value === "string") return (parsed as { value: string }).value;
  } catch {
    // not JSON: the caller counts it
  }
  return undefined;
}

function freezeRows<T extends object>(rows: T[]): readonly T[] {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows);
}
