// The settings the set-up portal owns in the KeyValueStore: key table, read with defaults, atomic-enough write.
// Never logs or returns a password to a caller that renders pages: `readPortalSettings` reports only presence.

import type { KeyValueStore } from "../../hal/types";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import type { TicModeSetting } from "../tic/types";
import { hasOwnerPassword } from "../auth/owner-auth";
import type { Logger } from "../../hal/types";
import type { Settings } from "../settings/types";
import { validateSettings } from "../settings/validate";
import { deleteJson, readJson, writeJson } from "../device/json-store";

/** Store keys (≤ 15 characters). The HomeKit store derives the SRP verifier from `hk.setupCode` at boot. */
export const PORTAL_KEYS = Object.freeze({
  wifiSsid: "wifi.ssid",
  wifiPassword: "wifi.psk",
  apSsid: "ap.ssid",
  apPassword: "ap.psk",
  setupCode: "hk.setupCode",
  ticMode: "tic.mode",
  /** MQTT fields typed in the portal, merged into the settings at the next boot (the portal knows no load table). */
  mqttPending: "mqtt.pending",
});

/** Where the Device keeps its settings record (src/device/device.ts APP_STORE_PREFIX + "settings"). */
const SETTINGS_RECORD_KEY = "app.settings";

export const AP_DEFAULTS = Object.freeze({
  ssid: "JCDELESTAGE",
  password: "123456789",
});

export const TIC_MODE_SETTINGS: readonly TicModeSetting[] = Object.freeze(["auto", "historic", "standard"]);

/** What the owner submits and we store (validated: see form.ts). */
export interface PortalSettings {
  wifiSsid: string;
  /** Empty for an open network. */
  wifiPassword: string;
  setupCode: string;
  ticMode: TicModeSetting;
  /** Undefined keeps the current access-point password. */
  apPassword?: string;
  /** The owner password chosen here (only when none exists): the server stores its hash, never this. */
  ownerPassword?: string;
  /** The MQTT section, when the owner filled it in (validated by the settings table's rows). */
  mqtt?: MqttPortalPatch;
}

/** The settings rows the portal's MQTT section sets; an absent password or prefix keeps the stored one. */
export interface MqttPortalPatch {
  mqttEnabled: true;
  mqttUrl: string;
  mqttUser: string;
  mqttPassword?: string;
  mqttDiscoveryPrefix?: string;
}

/** What a page may know about the stored settings: no secret in here. */
export interface StoredPortalView {
  wifiSsid?: string;
  ticMode: TicModeSetting;
  apSsid: string;
  /** True while the access point still uses the factory password (the page then urges a change). */
  apPasswordIsDefault: boolean;
  /** The owner password for the web page exists (then the form does not ask for it). */
  ownerPasswordSet: boolean;
}

function readText(store: KeyValueStore, key: string): string | undefined {
  const bytes = store.get(key);
  return bytes === undefined ? undefined : utf8Decode(bytes);
}

export function isTicModeSetting(value: string): value is TicModeSetting {
  return TIC_MODE_SETTINGS.indexOf(value as TicModeSetting) >= 0;
}

export function readPortalView(store: KeyValueStore): StoredPortalView {
  const tic = readText(store, PORTAL_KEYS.ticMode);
  const apPassword = readText(store, PORTAL_KEYS.apPassword);
  return {
    wifiSsid: readText(store, PORTAL_KEYS.wifiSsid),
    ticMode: tic !== undefined && isTicModeSetting(tic) ? tic : "auto",
    apSsid: readText(store, PORTAL_KEYS.apSsid) ?? AP_DEFAULTS.ssid,
    apPasswordIsDefault: apPassword === undefined || apPassword === AP_DEFAULTS.password,
    ownerPasswordSet: hasOwnerPassword(store),
  };
}

/** Access-point credentials to open the AP with (the device shell reads this before starting the portal). */
export function readAccessPointCredentials(store: KeyValueStore): { ssid: string; password: string } {
  return {
    ssid: readText(store, PORTAL_KEYS.apSsid) ?? AP_DEFAULTS.ssid,
    password: readText(store, PORTAL_KEYS.apPassword) ?? AP_DEFAULTS.password,
  };
}

/** Station credentials, or undefined when no Wi-Fi is stored (new box, or after a factory reset). */
export function readStationCredentials(store: KeyValueStore): { ssid: string; password: string } | undefined {
  const ssid = readText(store, PORTAL_KEYS.wifiSsid);
  if (ssid === undefined || ssid.length === 0) return undefined;
  return { ssid, password: readText(store, PORTAL_KEYS.wifiPassword) ?? "" };
}

/**
 * Store validated settings. The SSID is removed first and written last: its presence is what tells the next
 * boot "Wi-Fi is set up", so a power cut halfway leaves the box in set-up mode, never joining with a mix.
 */
export function writePortalSettings(store: KeyValueStore, settings: PortalSettings): void {
  store.delete(PORTAL_KEYS.wifiSsid);
  store.set(PORTAL_KEYS.ticMode, utf8Encode(settings.ticMode));
  store.set(PORTAL_KEYS.setupCode, utf8Encode(settings.setupCode));
  if (settings.apPassword !== undefined) store.set(PORTAL_KEYS.apPassword, utf8Encode(settings.apPassword));
  store.set(PORTAL_KEYS.wifiPassword, utf8Encode(settings.wifiPassword));
  if (settings.mqtt !== undefined) writeJson(store, PORTAL_KEYS.mqttPending, settings.mqtt);
  store.set(PORTAL_KEYS.wifiSsid, utf8Encode(settings.wifiSsid));
}

/**
 * At boot, after the settings are read: the portal's MQTT fields laid over them, saved as the settings record, then
 * the pending record goes (a power cut in between lays the same fields again). A pending record that no longer
 * validates is dropped with a log line; the box boots on its settings as they were.
 */
export function applyPendingMqtt(store: KeyValueStore, settings: Settings, logger: Logger): Settings {
  const { value, error } = readJson(store, PORTAL_KEYS.mqttPending);
  if (value === undefined) {
    if (error !== undefined) {
      logger.log("warn", "portal MQTT settings unreadable; dropped", { error });
      deleteJson(store, PORTAL_KEYS.mqttPending);
    }
    return settings;
  }
  const patch = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...settings };
  for (const key of ["mqttEnabled", "mqttUrl", "mqttUser", "mqttPassword", "mqttDiscoveryPrefix"]) if (patch[key] !== undefined) merged[key] = patch[key];
  const checked = validateSettings(merged);
  if (checked.ok) writeJson(store, SETTINGS_RECORD_KEY, checked.settings);
  else logger.log("warn", "portal MQTT settings refused; dropped", { errors: checked.errors.map((e) => `${e.field}: ${e.message}`).join("; ") });
  deleteJson(store, PORTAL_KEYS.mqttPending);
  return checked.ok ? checked.settings : settings;
}

/**
 * The setup code the owner chose, waiting for the HomeKit store to turn it into an SRP salt and verifier at
 * boot. The boot passes it as `setupCode` to the pairing store, then clears it so the code itself is not kept.
 */
export function readPendingSetupCode(store: KeyValueStore): string | undefined {
  return readText(store, PORTAL_KEYS.setupCode);
}

export function clearPendingSetupCode(store: KeyValueStore): void {
  store.delete(PORTAL_KEYS.setupCode);
}
