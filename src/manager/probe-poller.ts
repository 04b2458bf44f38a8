// Reads each load's temperature probe every 30 s and hands the reading to the Controller as an event.
// Never decides anything and never reads a clock: hal timers pace it, the Device's dispatch takes the readings.

import type { TemperatureProbe, TimerHandle, Timers } from "../../hal/types";
import type { ControllerEvent } from "../app/types";

/** A tank's temperature moves by a fraction of a degree a minute: 30 s is ample and costs the bus little. */
export const PROBE_PERIOD_MS = 30_000;
/** A reading that has not come back in this long is a failure (a conversion takes 750 ms; the bus may be stuck). */
export const PROBE_TIMEOUT_MS = 5_000;

export interface ProbePollerDeps {
  probes: Readonly<Record<string, TemperatureProbe>>;
  timers: Timers;
  /** The Device's dispatch (its outcome is not needed: a refused reading names no probe the settings know). */
  dispatch(event: ControllerEvent): unknown;
  periodMs?: number;
}

/** Starts polling at once; returns how to stop (clears its timers and closes the probes). */
export function startProbePolling(deps: ProbePollerDeps): () => void {
  const ids = Object.keys(deps.probes);
  const inFlight: Record<string, boolean> = {};
  let stopped = false;
  const readAll = (): void => {
    for (const id of ids) {
      if (inFlight[id]) continue; // one reading at a time per probe: a stuck bus must not pile up callbacks
      inFlight[id] = true;
      let answered = false;
      const answer = (temperatureC: number | null): void => {
        if (answered || stopped) return;
        answered = true;
        inFlight[id] = false;
        deps.timers.clear(timeout);
        deps.dispatch({ type: "tank-temperature", loadId: id, temperatureC });
      };
      const timeout: TimerHandle = deps.timers.setTimeout(() => answer(null), PROBE_TIMEOUT_MS);
      try {
        deps.probes[id].read(answer);
      } catch {
        answer(null);
      }
    }
  };
  const interval = deps.timers.setInterval(readAll, deps.periodMs ?? PROBE_PERIOD_MS);
  readAll();
  return () => {
    stopped = true;
    deps.timers.clear(interval);
    for (const id of ids) deps.probes[id].close?.();
  };
}
