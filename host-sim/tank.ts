// A simulated hot-water tank for host-sim and the scenario tests: heats from the power its relay lets through,
// cools to the room, mixes in cold water on a draw-off. Never drives the core: the caller feeds its temperature in.

import { WH_PER_LITRE_KELVIN } from "../src/manager/tank";

export interface TankOptions {
  volumeL: number;
  temperatureC: number;
  /** Standing loss, W per kelvin above the room (a 200 L tank loses ~1.5–2 kWh a day at 55 °C: ≈ 2.3 W/K). */
  lossWPerK?: number;
  roomC?: number;
  /** The tank's own thermostat (the heater's element cuts above it), as on a real heater. */
  thermostatC?: number;
}

export class SimulatedTank {
  temperatureC: number;
  readonly volumeL: number;
  private readonly lossWPerK: number;
  private readonly roomC: number;
  private readonly thermostatC: number;

  constructor(options: TankOptions) {
    this.volumeL = options.volumeL;
    this.temperatureC = options.temperatureC;
    this.lossWPerK = options.lossWPerK ?? 2.3;
    this.roomC = options.roomC ?? 18;
    this.thermostatC = options.thermostatC ?? 65;
  }

  /** Power the element draws now for a heater of `nominalW` with its relay closed (0 once the thermostat cuts). */
  drawW(nominalW: number, relayClosed: boolean): number {
    return relayClosed && this.temperatureC < this.thermostatC ? nominalW : 0;
  }

  /** Let `dtMs` pass with `heaterW` going into the water. */
  step(dtMs: number, heaterW: number): void {
    const hours = dtMs / 3_600_000;
    const lossW = this.lossWPerK * (this.temperatureC - this.roomC);
    this.temperatureC += ((heaterW - lossW) * hours) / (this.volumeL * WH_PER_LITRE_KELVIN);
  }

  /** `litres` of hot water drawn, replaced by cold water at `coldC`. */
  drawOff(litres: number, coldC = 12): void {
    const l = Math.min(litres, this.volumeL);
    this.temperatureC = (this.temperatureC * (this.volumeL - l) + coldC * l) / this.volumeL;
  }

  /** What a DS18B20 reports: 1/16 °C steps. */
  probeC(): number {
    return Math.round(this.temperatureC * 16) / 16;
  }
}
