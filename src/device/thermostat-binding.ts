// The HomeKit Thermostat ↔ Device adapter: an observer on the publish path; target writes become owner commands.
// Never decides: a HEAT refused on a red peak reads back AUTO because the Controller kept AUTO.
import type { DisplayUnits } from "../app/types";
import { homekitValues } from "../publish/presentation";
import { DEFAULT_THERMOSTAT } from "../owner/owner";
import type { Device } from "./device";

export type TargetMode = "HEAT" | "AUTO";
export type { DisplayUnits } from "../app/types";

export interface ThermostatView {
  current: "HEAT" | "OFF";
  target: TargetMode;
  currentTemperatureC: number;
  targetTemperatureC: number;
  displayUnits: DisplayUnits;
  tomorrowExpensive: boolean;
}

/** Structurally the homekit ThermostatBinding (homekit/accessory.ts), built on the Device. */
export class ThermostatAdapter {
  private readonly listeners: ((view: ThermostatView) => void)[] = [];
  /** Inside one of our own writes: the server answers the writer and tells the others itself, after the write. */
  private writing = false;

  constructor(private readonly device: Device) {
    device.subscribe((update) => {
      if (this.writing) return;
      let news = false;
      for (const p of update.presentation) if (p.type === "homekit") news = true;
      if (!news) return;
      const view = this.read();
      for (const listener of this.listeners) listener(view);
    });
  }

  /** Called with the new view whenever what HomeKit shows changed outside a HomeKit write (the server sends events). */
  onChange(listener: (view: ThermostatView) => void): void {
    this.listeners.push(listener);
  }

  read(): ThermostatView {
    const snapshot = this.device.snapshot();
    const thermostat = snapshot?.thermostat ?? DEFAULT_THERMOSTAT;
    // No temperature sensor on the box: the Home app needs a number, so it shows the default comfort value.
    const base = { currentTemperatureC: DEFAULT_THERMOSTAT.targetTemperatureC, targetTemperatureC: thermostat.targetTemperatureC, displayUnits: thermostat.displayUnits };
    if (!snapshot) return { current: "HEAT", target: "AUTO", tomorrowExpensive: false, ...base };
    const hk = homekitValues(snapshot);
    return { current: hk.current, target: hk.target, tomorrowExpensive: hk.tomorrowAlert, ...base };
  }

  onTargetWrite(mode: TargetMode, _sourceSessionId?: number): TargetMode {
    return this.duringWrite(() => this.device.requestMode(mode, "homekit"));
  }

  onTargetTemperatureWrite(celsius: number, _sourceSessionId?: number): number {
    return this.duringWrite(() => {
      this.device.command({ type: "thermostat", targetTemperatureC: celsius });
      return this.read().targetTemperatureC;
    });
  }

  onDisplayUnitsWrite(units: DisplayUnits, _sourceSessionId?: number): DisplayUnits {
    return this.duringWrite(() => {
      this.device.command({ type: "thermostat", displayUnits: units });
      return this.read().displayUnits;
    });
  }

  private duringWrite<T>(write: () => T): T {
    this.writing = true;
    try {
      return write();
    } finally {
      this.writing = false;
    }
  }
}
