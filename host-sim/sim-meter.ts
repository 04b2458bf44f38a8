// host-sim's simulated board: the loads "wired" to it and the built-in meter, a SimulatedMeter that follows the
// clock (Tempo period) and the box's loads. Host-only; never decides shedding: power = base + loads left on.
import type { ByteSource, Clock, Timers } from "../hal/types";
import { SimulatedMeter } from "./meter/simulated-meter";
import { localParts } from "../src/tariff/local-time";

/**
 * The board's loads, as manifest.json's config.loads is for the ESP32: used until the owner saves settings,
 * and again after a factory reset. One line per load: a living room on two pilot wires, bedrooms on one,
 * a water heater on a relay.
 */
export const DEMO_LOADS = Object.freeze([
  Object.freeze({ id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 }),
  Object.freeze({ id: "chambres", name: "Chambres", kind: "fil-pilote-1", priority: 3, nominalPowerW: 1500 }),
  Object.freeze({ id: "chauffe-eau", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 }),
]);

const FRAME_PERIOD_MS = 1500;
const BASE_LOAD_VA = 800;

export interface SimMeterSource extends ByteSource {
  /** The box reports each load's power draw as it switches. */
  setLoadPower(id: string, powerVA: number): void;
}

export function simMeterSource(options: { mode: "historic" | "standard"; clock: Clock; timers: Timers }): SimMeterSource {
  const meter = new SimulatedMeter({ mode: options.mode, contract: "tempo", phases: 1, subscribedKVA: 9 });
  const loadPowerVA = new Map<string, number>();
  let handler: ((chunk: Uint8Array) => void) | undefined;
  const timer = options.timers.setInterval(() => {
    const atMs = options.clock.nowMs();
    const hour = localParts(atMs).hour;
    let powerVA = BASE_LOAD_VA;
    for (const v of loadPowerVA.values()) powerVA += v;
    meter.setState({ colour: "blue", period: hour >= 6 && hour < 22 ? "hp" : "hc", tomorrow: "unknown", powerVA, atMs });
    handler?.(meter.frame());
  }, FRAME_PERIOD_MS);
  return {
    onBytes(next) {
      handler = next;
    },
    close() {
      options.timers.clear(timer);
    },
    setLoadPower(id, powerVA) {
      loadPowerVA.set(id, powerVA);
    },
  };
}
