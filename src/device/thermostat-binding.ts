// The HomeKit Thermostat ↔ Controller adapter: target HEAT/AUTO writes become mode requests; reads mirror effects.
// Never decides: a HEAT refused on a red peak comes back as AUTO because the Controller kept AUTO.
import type { KeyValueStore } from "../../hal/types";
import type { Effect } from "../app/types";
import type { Device } from "./device";
import { readJson, writeJson } from "./json-store";

export type TargetMode = "HEAT" | "AUTO";
export type DisplayUnits = "celsius" | "fahrenheit";

export interface ThermostatView {
  current: "HEAT" | "OFF";
  target: TargetMode;
  currentTemperatureC: number;
  targetTemperatureC: number;
  displayUnits: DisplayUnits;
  tomorrowExpensive: boolean;
}

const THERMOSTAT_KEY = "ui.thermostat";
// No temperature sensor on the box: the Home app needs a number, so show the configured comfort value.
const DEFAULT_TEMPERATURE_C = 19;

/** Structurally the homekit ThermostatBinding (homekit/accessory.ts), built on the Device. */
export class ThermostatAdapter {
  private view: ThermostatView;
  private readonly listeners: ((view: ThermostatView) => void)[] = [];

  constructor(
    private readonly device: Device,
    private readonly store: KeyValueStore,
  ) {
    const stored = readJson(store, THERMOSTAT_KEY).value as Partial<ThermostatView> | undefined;
    const snapshot = device.snapshot();
    this.view = {
      current: "HEAT",
      target: snapshot?.mode ?? "AUTO",
      currentTemperatureC: DEFAULT_TEMPERATURE_C,
      targetTemperatureC: typeof stored?.targetTemperatureC === "number" ? stored.targetTemperatureC : DEFAULT_TEMPERATURE_C,
      displayUnits: stored?.displayUnits === "fahrenheit" ? "fahrenheit" : "celsius",
      tomorrowExpensive: false,
    };
    device.onEffect((effect) => this.onEffect(effect));
  }

  /** Called with the new view whenever the Controller changes what HomeKit shows (the server sends events). */
  onChange(listener: (view: ThermostatView) => void): void {
    this.listeners.push(listener);
  }

  read(): ThermostatView {
    return { ...this.view };
  }

  onTargetWrite(mode: TargetMode, _sourceSessionId?: number): TargetMode {
    const result = this.device.requestMode(mode, "homekit");
    this.view = { ...this.view, target: result };
    return result;
  }

  onTargetTemperatureWrite(celsius: number, _sourceSessionId?: number): number {
    this.view = { ...this.view, targetTemperatureC: celsius };
    this.persist();
    return celsius;
  }

  onDisplayUnitsWrite(units: DisplayUnits, _sourceSessionId?: number): DisplayUnits {
    this.view = { ...this.view, displayUnits: units };
    this.persist();
    return units;
  }

  private onEffect(effect: Effect): void {
    if (effect.type === "homekit") {
      this.view = { ...this.view, current: effect.current, target: effect.target, tomorrowExpensive: effect.tomorrowAlert };
    } else if (effect.type === "mode") {
      this.view = { ...this.view, target: effect.mode };
    } else {
      return;
    }
    for (const listener of this.listeners) listener(this.read());
  }

  private persist(): void {
    writeJson(this.store, THERMOSTAT_KEY, { targetTemperatureC: this.view.targetTemperatureC, displayUnits: this.view.displayUnits });
  }
}
