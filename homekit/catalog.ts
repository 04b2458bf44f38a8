// The HAP services and characteristics this accessory uses, as one frozen table (HAP spec R2 ch. 8/9, DOMAIN §4),
// plus the HAP status codes. Data only: never holds values or state.

export type HapFormat = "bool" | "uint8" | "float" | "string";
export type HapPerm = "pr" | "pw" | "ev";
export type HapValue = boolean | number | string;

export interface CharacteristicType {
  /** Short form of the Apple UUID 0000XXXX-0000-1000-8000-0026BB765291, as HAP-NodeJS publishes it. */
  readonly type: string;
  readonly format: HapFormat;
  readonly perms: readonly HapPerm[];
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly minStep?: number;
  readonly unit?: "celsius";
  readonly validValues?: readonly number[];
  readonly maxLen?: number;
}

const PR: readonly HapPerm[] = Object.freeze(["pr"]);
const PR_EV: readonly HapPerm[] = Object.freeze(["pr", "ev"]);
const PR_PW_EV: readonly HapPerm[] = Object.freeze(["pr", "pw", "ev"]);
const PW: readonly HapPerm[] = Object.freeze(["pw"]);

export const CHARACTERISTICS = Object.freeze({
  Identify: Object.freeze({ type: "14", format: "bool", perms: PW }),
  Manufacturer: Object.freeze({ type: "20", format: "string", perms: PR, maxLen: 64 }),
  Model: Object.freeze({ type: "21", format: "string", perms: PR, maxLen: 64 }),
  Name: Object.freeze({ type: "23", format: "string", perms: PR, maxLen: 64 }),
  SerialNumber: Object.freeze({ type: "30", format: "string", perms: PR, maxLen: 64 }),
  FirmwareRevision: Object.freeze({ type: "52", format: "string", perms: PR, maxLen: 64 }),
  Version: Object.freeze({ type: "37", format: "string", perms: PR_EV, maxLen: 64 }),
  CurrentHeatingCoolingState: Object.freeze({ type: "F", format: "uint8", perms: PR_EV, minValue: 0, maxValue: 2, minStep: 1, validValues: Object.freeze([0, 1, 2]) }),
  TargetHeatingCoolingState: Object.freeze({ type: "33", format: "uint8", perms: PR_PW_EV, minValue: 0, maxValue: 3, minStep: 1, validValues: Object.freeze([0, 1, 2, 3]) }),
  CurrentTemperature: Object.freeze({ type: "11", format: "float", perms: PR_EV, minValue: 0, maxValue: 100, minStep: 0.1, unit: "celsius" }),
  TargetTemperature: Object.freeze({ type: "35", format: "float", perms: PR_PW_EV, minValue: 10, maxValue: 38, minStep: 0.1, unit: "celsius" }),
  TemperatureDisplayUnits: Object.freeze({ type: "36", format: "uint8", perms: PR_PW_EV, minValue: 0, maxValue: 1, minStep: 1, validValues: Object.freeze([0, 1]) }),
  ContactSensorState: Object.freeze({ type: "6A", format: "uint8", perms: PR_EV, minValue: 0, maxValue: 1, minStep: 1, validValues: Object.freeze([0, 1]) }),
  /** A Switch's state (HAP spec R2 §9.70). */
  On: Object.freeze({ type: "25", format: "bool", perms: PR_PW_EV }),
  /**
   * The name iOS 16+ shows for one service of a multi-service accessory (HAP-NodeJS "E3"). HAP-NodeJS makes it
   * writable; we publish it read-only: a load's name is a box setting (the page), and a rename the box could not
   * keep would snap back. The Home app still lets the owner rename the tile on the phone side.
   */
  ConfiguredName: Object.freeze({ type: "E3", format: "string", perms: PR_EV, maxLen: 64 }),
} satisfies Record<string, CharacteristicType>);

export type CharacteristicKind = keyof typeof CHARACTERISTICS;

export const SERVICES = Object.freeze({
  AccessoryInformation: "3E",
  ProtocolInformation: "A2",
  Thermostat: "4A",
  ContactSensor: "80",
  Switch: "49",
});

export type ServiceKind = keyof typeof SERVICES;

/** HAP status codes in characteristic responses (HAP spec R2 table 6-11). */
export const HAP_STATUS = Object.freeze({
  Success: 0,
  InsufficientPrivileges: -70401,
  ServiceCommunicationFailure: -70402,
  Busy: -70403,
  ReadOnly: -70404,
  WriteOnly: -70405,
  NotificationNotSupported: -70406,
  OutOfResources: -70407,
  Timeout: -70408,
  ResourceDoesNotExist: -70409,
  InvalidValue: -70410,
  InsufficientAuthorization: -70411,
  /** The request is valid but the accessory's state does not allow it now (HAP-NodeJS NOT_ALLOWED_IN_CURRENT_STATE). */
  NotAllowedInCurrentState: -70412,
});

/** Thermostat values by name (HAP spec R2 §9.32, §9.119). */
export const HEATING_COOLING = Object.freeze({ Off: 0, Heat: 1, Cool: 2, Auto: 3 });
export const CONTACT_STATE = Object.freeze({ Detected: 0, NotDetected: 1 });
export const DISPLAY_UNITS = Object.freeze({ Celsius: 0, Fahrenheit: 1 });
