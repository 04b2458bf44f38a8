// A simulated hot-water tank for host-sim and the scenario tests: heats from the power its relay lets through,
// cools to the room, mixes in cold water on a draw-off. Never drives the core: the caller feeds its temperature in.

import type { TemperatureProbe, Timers } from "../hal/types";
import type { ControllerEvent, Effect, LoadConfig } from "../src/app/types";
import { startProbePolling } from "../src/manager/probe-poller";
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

/**
 * host-sim's tanks: one simulated tank behind each probed water heater (and probed heat pump), heated while its
 * load runs, read by a simulated probe every 30 s through the same poller as the box's real probes.
 */
export interface SimulatedTanks {
  tanks: Record<string, SimulatedTank>;
  stop(): void;
}

/** Steps the tanks this often (their temperature moves slowly; the probe reads every 30 s). */
const TANK_STEP_MS = 10_000;

export function startSimulatedTanks(deps: {
  device: {
    subscribe(observer: (update: { facts: readonly Effect[] }) => void): () => void;
    dispatch(event: ControllerEvent): unknown;
    snapshot(): { loads: readonly { id: string; on: boolean }[] } | undefined;
  };
  loads: readonly LoadConfig[];
  timers: Timers;
}): SimulatedTanks {
  const tanks: Record<string, SimulatedTank> = {};
  const nominalW: Record<string, number> = {};
  const running: Record<string, boolean> = {};
  const probes: Record<string, TemperatureProbe> = {};
  for (const load of deps.loads) {
    if (!((load.kind === "water-heater" || load.kind === "sg-ready") && load.probe)) continue;
    const tank = new SimulatedTank({ volumeL: load.kind === "water-heater" ? load.tankVolumeL : 300, temperatureC: 45 });
    tanks[load.id] = tank;
    nominalW[load.id] = load.nominalPowerW;
    probes[load.id] = { read: (done) => done(tank.probeC()) };
  }
  if (Object.keys(tanks).length === 0) return { tanks, stop: () => undefined };
  // Loads already decided before we listened (the boot's first pass) run as the snapshot says.
  for (const l of deps.device.snapshot()?.loads ?? []) if (tanks[l.id] !== undefined) running[l.id] = l.on;
  const unsubscribe = deps.device.subscribe((update) => {
    for (const fact of update.facts) if (fact.type === "load" && tanks[fact.id] !== undefined) running[fact.id] = fact.on;
  });
  const step = deps.timers.setInterval(() => {
    for (const id in tanks) tanks[id].step(TANK_STEP_MS, tanks[id].drawW(nominalW[id], running[id] === true));
  }, TANK_STEP_MS);
  const stopPolling = startProbePolling({ probes, timers: deps.timers, dispatch: (event) => deps.device.dispatch(event) });
  return {
    tanks,
    stop() {
      unsubscribe();
      deps.timers.clear(step);
      stopPolling();
    },
  };
}
