// The set-up form: validates every field of the decoded body (src/net/form) by name.
// Never throws on what a browser (or an attacker) sends, and never echoes a password back.

import { isTicModeSetting, type MqttPortalPatch, type PortalSettings } from "./settings";
import type { TicModeSetting } from "../tic/types";
import { passwordProblem } from "../auth/password-hash";
import { parseBrokerUrl, validTopic } from "../mqtt/config";
import { validateSettings } from "../settings/validate";

/** Form field names, as they appear in the HTML and in error reports. */
export const FORM_FIELDS = Object.freeze({
  network: "ssid",
  hiddenSsid: "ssid_hidden",
  wifiPassword: "psk",
  setupCode: "code",
  ticMode: "tic",
  apPassword: "ap_psk",
  apPasswordAgain: "ap_psk2",
  ownerPassword: "owner_pw",
  ownerPasswordAgain: "owner_pw2",
  mqttUrl: "mqtt_url",
  mqttUser: "mqtt_user",
  mqttPassword: "mqtt_pw",
  mqttPrefix: "mqtt_prefix",
});

/** The radio value that means "the network is hidden: use the typed name". */
export const HIDDEN_NETWORK_CHOICE = "";

export const FORM_LIMITS = Object.freeze({
  /** Pairs read from a posted body (decodeForm); the form has thirteen fields and the language. */
  MAX_FIELDS: 16,
  /**
   * A broker URL, MQTT user or password longer than this is a paste accident, not a home broker; the bound also
   * keeps the pending MQTT record one small store value.
   */
  MQTT_TEXT_MAX_CHARS: 128,
  SSID_MAX_BYTES: 32,
  WPA_MIN_CHARS: 8,
  WPA_MAX_CHARS: 63,
  WPA_HEX_CHARS: 64,
});

export type FieldName = "ssid" | "psk" | "code" | "tic" | "ap_psk" | "owner_pw" | "mqtt_url" | "mqtt_user" | "mqtt_pw" | "mqtt_prefix";

export type FieldErrorCode =
  | "ssid-missing"
  | "ssid-invisible"
  | "ssid-too-long"
  | "psk-required"
  | "psk-length"
  | "psk-characters"
  | "code-format"
  | "code-trivial"
  | "tic-unknown"
  | "ap-psk-length"
  | "ap-psk-characters"
  | "ap-psk-mismatch"
  | "owner-pw-short"
  | "owner-pw-long"
  | "owner-pw-mismatch"
  | "mqtt-url-form"
  | "mqtt-text-long"
  | "mqtt-prefix-form"
  | "mqtt-needs-url";

export interface FieldError {
  field: FieldName;
  code: FieldErrorCode;
}

/** Non-secret values to put back in the form after a refusal (passwords are never among them). */
export interface FormEcho {
  network?: string;
  hiddenSsid?: string;
  setupCode?: string;
  ticMode?: string;
  /** The broker URL with any password taken out of it. */
  mqttUrl?: string;
  mqttUser?: string;
  mqttPrefix?: string;
}

export type FormResult = { ok: true; settings: PortalSettings } | { ok: false; errors: FieldError[]; echo: FormEcho };

export type SetupCodeCheck = (code: string) => { ok: true } | { ok: false; reason: string };

export interface FormContext {
  /** B1's validateSetupCode (format and trivial codes). */
  checkSetupCode: SetupCodeCheck;
  /** SSIDs seen in the last scan that need a password (an empty password is refused for those). */
  secureSsids: readonly string[];
  /** The owner already has a password: the form neither asks for one nor may replace it (src/auth). */
  ownerPasswordSet: boolean;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * What a phone cannot show in a network list: controls (C0, DEL, C1), spaces of every kind and zero-width or
 * direction marks. An SSID made only of these is a typo or a trick, never the owner's network.
 */
const INVISIBLE = /^[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]*$/;

export function hasVisibleCharacter(text: string): boolean {
  return !INVISIBLE.test(text);
}

/** WPA2 passphrase: 8–63 printable ASCII, or exactly 64 hex digits (a raw PSK). */
function wpaPassphraseError(password: string): "length" | "characters" | undefined {
  if (password.length === FORM_LIMITS.WPA_HEX_CHARS) return /^[0-9A-Fa-f]{64}$/.test(password) ? undefined : "characters";
  if (password.length < FORM_LIMITS.WPA_MIN_CHARS || password.length > FORM_LIMITS.WPA_MAX_CHARS) return "length";
  return /^[\x20-\x7e]*$/.test(password) ? undefined : "characters";
}

/** "12345678" or "123-45-678" → "123-45-678"; anything else unchanged (then refused as a format error). */
export function normaliseSetupCode(text: string): string {
  const trimmed = text.trim();
  const digits = /^(\d{3})-?(\d{2})-?(\d{3})$/.exec(trimmed);
  return digits ? `${digits[1]}-${digits[2]}-${digits[3]}` : trimmed;
}

/** `mqtt://user:password@host` → `mqtt://user@host`: what a refused form may show again. */
export function urlWithoutPassword(url: string): string {
  return url.replace(/^(mqtt:\/\/[^:@/\s]*):[^@/\s]*@/, "$1@");
}

/** Settings-table keys of the portal's MQTT fields, with the form field each error is reported on. */
const MQTT_ROWS: readonly (readonly [string, FieldName])[] = Object.freeze([
  Object.freeze(["mqttUrl", "mqtt_url"] as const),
  Object.freeze(["mqttUser", "mqtt_user"] as const),
  Object.freeze(["mqttPassword", "mqtt_pw"] as const),
  Object.freeze(["mqttDiscoveryPrefix", "mqtt_prefix"] as const),
]);

/**
 * The optional MQTT section: nothing typed leaves MQTT as it is; a URL turns it on with these values (an empty
 * password keeps the stored one, an empty prefix keeps the stored prefix). Checked by the settings table's own rows
 * (validateSettings), then by the bridge's URL parser (a port over 65535) and topic check, so the portal accepts
 * exactly what the settings page and the bridge accept.
 */
function validateMqtt(fields: Record<string, string>, errors: FieldError[]): MqttPortalPatch | undefined {
  const url = (fields[FORM_FIELDS.mqttUrl] ?? "").trim();
  const user = fields[FORM_FIELDS.mqttUser] ?? "";
  const password = fields[FORM_FIELDS.mqttPassword] ?? "";
  const prefix = (fields[FORM_FIELDS.mqttPrefix] ?? "").trim();
  if (url === "") {
    if (user !== "" || password !== "" || prefix !== "") errors.push({ field: "mqtt_url", code: "mqtt-needs-url" });
    return undefined;
  }
  const before = errors.length;
  const values: Record<string, string> = { mqttUrl: url, mqttUser: user, mqttPassword: password, mqttDiscoveryPrefix: prefix };
  for (const [key, field] of MQTT_ROWS) if (values[key].length > FORM_LIMITS.MQTT_TEXT_MAX_CHARS) errors.push({ field, code: "mqtt-text-long" });
  if (errors.length > before) return undefined;
  const checked = validateSettings({ mqttEnabled: true, ...values });
  const bad: Record<string, true> = {};
  if (!checked.ok) for (const e of checked.errors) bad[e.field] = true;
  if (bad.mqttUrl || !parseBrokerUrl(url).ok) errors.push({ field: "mqtt_url", code: "mqtt-url-form" });
  if (bad.mqttUser) errors.push({ field: "mqtt_user", code: "mqtt-text-long" });
  if (bad.mqttPassword) errors.push({ field: "mqtt_pw", code: "mqtt-text-long" });
  if (prefix !== "" && (bad.mqttDiscoveryPrefix || !validTopic(prefix))) errors.push({ field: "mqtt_prefix", code: "mqtt-prefix-form" });
  if (errors.length > before) return undefined;
  const patch: MqttPortalPatch = { mqttEnabled: true, mqttUrl: url, mqttUser: user };
  if (password !== "") patch.mqttPassword = password;
  if (prefix !== "") patch.mqttDiscoveryPrefix = prefix;
  return patch;
}

/** Validate every field (all errors at once, in form order) and build the settings to store. */
export function validatePortalForm(fields: Record<string, string>, context: FormContext): FormResult {
  const errors: FieldError[] = [];
  const network = fields[FORM_FIELDS.network];
  const hiddenSsid = fields[FORM_FIELDS.hiddenSsid] ?? "";
  const ssid = network !== undefined && network !== HIDDEN_NETWORK_CHOICE ? network : hiddenSsid;
  if (ssid.length === 0) errors.push({ field: "ssid", code: "ssid-missing" });
  else if (!hasVisibleCharacter(ssid)) errors.push({ field: "ssid", code: "ssid-invisible" });
  else if (utf8Length(ssid) > FORM_LIMITS.SSID_MAX_BYTES) errors.push({ field: "ssid", code: "ssid-too-long" });

  const wifiPassword = fields[FORM_FIELDS.wifiPassword] ?? "";
  if (wifiPassword.length === 0) {
    if (context.secureSsids.indexOf(ssid) >= 0) errors.push({ field: "psk", code: "psk-required" });
  } else {
    const problem = wpaPassphraseError(wifiPassword);
    if (problem) errors.push({ field: "psk", code: problem === "length" ? "psk-length" : "psk-characters" });
  }

  const setupCode = normaliseSetupCode(fields[FORM_FIELDS.setupCode] ?? "");
  if (!/^\d{3}-\d{2}-\d{3}$/.test(setupCode)) errors.push({ field: "code", code: "code-format" });
  else if (!context.checkSetupCode(setupCode).ok) errors.push({ field: "code", code: "code-trivial" });

  const tic = fields[FORM_FIELDS.ticMode] ?? "auto";
  if (!isTicModeSetting(tic)) errors.push({ field: "tic", code: "tic-unknown" });

  const apPassword = fields[FORM_FIELDS.apPassword] ?? "";
  if (apPassword.length > 0) {
    const problem = wpaPassphraseError(apPassword);
    if (problem) errors.push({ field: "ap_psk", code: problem === "length" ? "ap-psk-length" : "ap-psk-characters" });
    else if (apPassword !== (fields[FORM_FIELDS.apPasswordAgain] ?? "")) errors.push({ field: "ap_psk", code: "ap-psk-mismatch" });
  }

  // The owner password for the box's web page: asked here only while none exists, so a portal reopened later
  // (router down for 5 minutes) can never be used to take the box over.
  const ownerPassword = fields[FORM_FIELDS.ownerPassword] ?? "";
  if (!context.ownerPasswordSet) {
    const problem = passwordProblem(ownerPassword);
    if (problem !== undefined) errors.push({ field: "owner_pw", code: problem === "too-short" ? "owner-pw-short" : "owner-pw-long" });
    else if (ownerPassword !== (fields[FORM_FIELDS.ownerPasswordAgain] ?? "")) errors.push({ field: "owner_pw", code: "owner-pw-mismatch" });
  }

  const mqtt = validateMqtt(fields, errors);

  if (errors.length > 0) {
    const echo: FormEcho = { network, hiddenSsid, setupCode, ticMode: tic };
    const mqttUrl = fields[FORM_FIELDS.mqttUrl];
    if (mqttUrl !== undefined && mqttUrl !== "") echo.mqttUrl = urlWithoutPassword(mqttUrl);
    if (fields[FORM_FIELDS.mqttUser]) echo.mqttUser = fields[FORM_FIELDS.mqttUser];
    if (fields[FORM_FIELDS.mqttPrefix]) echo.mqttPrefix = fields[FORM_FIELDS.mqttPrefix];
    return { ok: false, errors, echo };
  }
  return {
    ok: true,
    settings: {
      wifiSsid: ssid,
      wifiPassword,
      setupCode,
      ticMode: tic as TicModeSetting,
      apPassword: apPassword.length > 0 ? apPassword : undefined,
      ownerPassword: context.ownerPasswordSet ? undefined : ownerPassword,
      mqtt,
    },
  };
}
