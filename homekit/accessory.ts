// Our HomeKit accessory declared as one tree: information, protocol version, the Thermostat that mirrors the
// shedding mode, the "tomorrow red/white" contact sensor and a Switch per load that has one. Never decides
// anything: values come from the bindings.
import { CONTACT_STATE, DISPLAY_UNITS, HEATING_COOLING, type HapValue } from "./catalog";
import { AccessoryDatabase, type AccessoryDefinition, type ServiceDefinition } from "./database";

/** HEAT = shedding cancelled by the owner; AUTO = automatic shedding. */
export type TargetMode = "HEAT" | "AUTO";

/** What the Home app shows, read from the app layer whenever a controller asks or the server refreshes. */
export interface ThermostatState {
  /** HEAT while the heating loads are powered, OFF while they are shed. */
  current: "HEAT" | "OFF";
  target: TargetMode;
  currentTemperatureC: number;
  targetTemperatureC: number;
  displayUnits: "celsius" | "fahrenheit";
  /** Tomorrow is a red or white Tempo day: the contact sensor reads "open". */
  tomorrowExpensive: boolean;
}

/**
 * The app's side of the accessory. Each write handler returns the value in force afterwards: the engine may
 * refuse HEAT on a red peak and answer AUTO; the server then tells every subscriber, the writer included.
 */
export interface ThermostatBinding {
  read(): ThermostatState;
  onTargetWrite(mode: TargetMode, sourceSessionId: number): TargetMode;
  onTargetTemperatureWrite(celsius: number, sourceSessionId: number): number;
  onDisplayUnitsWrite(units: "celsius" | "fahrenheit", sourceSessionId: number): "celsius" | "fahrenheit";
  identify?(): void;
}

/**
 * One load's Switch: On tells whether the load runs now; a write asks the box to force it (or to give it back to
 * automatic) and answers the value in force afterwards, or a refusal's status with that value. An object with
 * methods, not closures: it is the On characteristic's target (database.ts CharacteristicTarget).
 */
export interface LoadSwitch {
  /** First instance id of the service's block (homekit/iid-blocks.ts): the same load keeps the same ids. */
  readonly iid: number;
  /** The load's name when the tree was built (a rename rebuilds the tree; the shape, hence c#, stays). */
  readonly name: string;
  read(): boolean;
  write(value: HapValue, context: { sessionId: number }): boolean | { status: number; value?: boolean };
}

export interface AccessoryInfo {
  name: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  firmwareRevision: string;
}

export const TOMORROW_SENSOR_NAME = "Demain rouge/blanc";
export const HAP_PROTOCOL_VERSION = "1.1.0";

/** Target values published to controllers: HEAT and AUTO only (no OFF, no COOL). */
const TARGET_VALID_VALUES = Object.freeze([HEATING_COOLING.Heat, HEATING_COOLING.Auto]);

function targetToHap(mode: TargetMode): number {
  return mode === "HEAT" ? HEATING_COOLING.Heat : HEATING_COOLING.Auto;
}

function unitsToHap(units: "celsius" | "fahrenheit"): number {
  return units === "celsius" ? DISPLAY_UNITS.Celsius : DISPLAY_UNITS.Fahrenheit;
}

/**
 * A load's Switch service at its own instance ids. Name and ConfiguredName both carry the load's name: iOS 16+
 * names a service of a multi-service accessory by ConfiguredName, older iOS and other controllers by Name.
 */
function switchService(sw: LoadSwitch): ServiceDefinition {
  return {
    kind: "Switch",
    iid: sw.iid,
    characteristics: [
      { kind: "On", target: sw },
      { kind: "Name", value: sw.name },
      { kind: "ConfiguredName", value: sw.name },
    ],
  };
}

/**
 * The one accessory (aid 1): its fixed services first, numbered from 1 in this order (their ids never move: paired
 * controllers and their automations depend on them), then one Switch per entry of `switches`, each at its own ids.
 */
export function thermostatAccessory(info: AccessoryInfo, binding: ThermostatBinding, switches: readonly LoadSwitch[] = []): AccessoryDefinition {
  const services: ServiceDefinition[] = [
    {
      kind: "AccessoryInformation",
      characteristics: [
        { kind: "Identify", write: () => (binding.identify?.(), true) },
        { kind: "Manufacturer", value: info.manufacturer },
        { kind: "Model", value: info.model },
        { kind: "Name", value: info.name },
        { kind: "SerialNumber", value: info.serialNumber },
        { kind: "FirmwareRevision", value: info.firmwareRevision },
      ],
    },
    { kind: "ProtocolInformation", characteristics: [{ kind: "Version", value: HAP_PROTOCOL_VERSION }] },
    {
      kind: "Thermostat",
      primary: true,
      characteristics: [
        { kind: "CurrentHeatingCoolingState", read: () => (binding.read().current === "HEAT" ? HEATING_COOLING.Heat : HEATING_COOLING.Off) },
        {
          kind: "TargetHeatingCoolingState",
          validValues: TARGET_VALID_VALUES,
          read: () => targetToHap(binding.read().target),
          write: (value: HapValue, context) => targetToHap(binding.onTargetWrite(value === HEATING_COOLING.Heat ? "HEAT" : "AUTO", context.sessionId)),
        },
        { kind: "CurrentTemperature", read: () => binding.read().currentTemperatureC },
        {
          kind: "TargetTemperature",
          read: () => binding.read().targetTemperatureC,
          write: (value: HapValue, context) => binding.onTargetTemperatureWrite(Number(value), context.sessionId),
        },
        {
          kind: "TemperatureDisplayUnits",
          read: () => unitsToHap(binding.read().displayUnits),
          write: (value: HapValue, context) => unitsToHap(binding.onDisplayUnitsWrite(value === DISPLAY_UNITS.Celsius ? "celsius" : "fahrenheit", context.sessionId)),
        },
        { kind: "Name", value: info.name },
      ],
    },
    {
      kind: "ContactSensor",
      characteristics: [
        { kind: "ContactSensorState", read: () => (binding.read().tomorrowExpensive ? CONTACT_STATE.NotDetected : CONTACT_STATE.Detected) },
        { kind: "Name", value: TOMORROW_SENSOR_NAME },
      ],
    },
  ];
  for (const sw of switches) services.push(switchService(sw));
  return { aid: 1, services };
}

export function thermostatDatabase(info: AccessoryInfo, binding: ThermostatBinding, switches: readonly LoadSwitch[] = []): AccessoryDatabase {
  return new AccessoryDatabase([thermostatAccessory(info, binding, switches)]);
}

