// A ThermostatBinding for tests: plain state, records writes, and can refuse HEAT the way the engine does on a red peak.
import type { TargetMode, ThermostatBinding, ThermostatState } from "../../../homekit/accessory";

export class FakeBinding implements ThermostatBinding {
  state: ThermostatState = {
    current: "HEAT",
    target: "AUTO",
    currentTemperatureC: 19.5,
    targetTemperatureC: 20,
    displayUnits: "celsius",
    tomorrowExpensive: false,
  };
  refuseHeat = false;
  writes: { mode: TargetMode; sessionId: number }[] = [];
  identified = 0;

  read(): ThermostatState {
    return { ...this.state };
  }
  onTargetWrite(mode: TargetMode, sessionId: number): TargetMode {
    this.writes.push({ mode, sessionId });
    this.state.target = mode === "HEAT" && this.refuseHeat ? "AUTO" : mode;
    return this.state.target;
  }
  onTargetTemperatureWrite(celsius: number): number {
    this.state.targetTemperatureC = celsius;
    return celsius;
  }
  onDisplayUnitsWrite(units: "celsius" | "fahrenheit"): "celsius" | "fahrenheit" {
    this.state.displayUnits = units;
    return units;
  }
  identify(): void {
    this.identified++;
  }
}

export const TEST_INFO = Object.freeze({
  name: "Délesteur",
  manufacturer: "délesteur project",
  model: "DL-1",
  serialNumber: "TEST0001",
  firmwareRevision: "0.1.0",
});
