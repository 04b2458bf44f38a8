// The built-in meter for `npm start`: a SimulatedMeter that follows the clock (Tempo period) and the box's loads.
// Host-only; never decides shedding: its power is a base load plus every load the box leaves on.
import type { ByteSource, Clock, Timers } from "../hal/types";
import { SimulatedMeter } from "./meter/simulated-meter";
import { localParts } from "../src/tariff/local-time";

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
