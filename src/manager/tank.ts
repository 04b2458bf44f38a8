// The hot-water tank's arithmetic: energy to reach a temperature, the time a heater takes, when to start so the
// tank is hot by 06:00. Pure functions of numbers; never reads a probe or the clock.

/** Water: 4.186 kJ/(kg·K) = 1.163 Wh per litre per kelvin. */
export const WH_PER_LITRE_KELVIN = 1.163;

export const TANK = Object.freeze({
  /** Anti-legionella: the whole tank at least this hot once a week (the usual 60 °C of DTU 60.1 / CSTB guidance). */
  legionellaC: 60,
  /** Once the target is reached, heating resumes only below target − this: a relay does not chatter on 0.1 °C. */
  hysteresisC: 5,
  /** A probe reading older than this is not trusted (the poller reads every 30 s; 20 missed readings). */
  probeStaleMs: 10 * 60_000,
  /** Placed heating starts this much earlier than the bare estimate: standing losses, a heater below its rating. */
  marginMs: 30 * 60_000,
  /** Without a probe a heat takes the configured hours; a legionella run without a probe lasts the whole night. */
  hourMs: 3_600_000,
  weekMs: 7 * 86_400_000,
});

/** Energy (Wh) to take `volumeL` of water from `fromC` to `toC` (0 when already there). */
export function energyToHeatWh(volumeL: number, fromC: number, toC: number): number {
  return toC > fromC ? volumeL * WH_PER_LITRE_KELVIN * (toC - fromC) : 0;
}

/** Time (ms) a `powerW` heater needs to add `energyWh` (infinite for a heater of no power). */
export function heatTimeMs(energyWh: number, powerW: number): number {
  if (energyWh <= 0) return 0;
  return powerW > 0 ? Math.ceil((energyWh / powerW) * TANK.hourMs) : Infinity;
}

/**
 * When to start heating so the tank is at target by `readyByMs` (the coming 06:00), never before `notBeforeMs`
 * (22:00, the HC start): the latest start that still makes it, with the margin. `reachable` is false when even a
 * start at `notBeforeMs` is too late (the box then heats all night and says so).
 */
export function placedStartMs(neededMs: number, readyByMs: number, notBeforeMs: number): { startMs: number; reachable: boolean } {
  const startMs = readyByMs - neededMs - TANK.marginMs;
  return startMs >= notBeforeMs ? { startMs, reachable: true } : { startMs: notBeforeMs, reachable: readyByMs - neededMs >= notBeforeMs };
}
