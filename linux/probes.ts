// The Linux box's tank probes: each `config.probes` entry read through the kernel's w1 files (hal/node/w1-probe.ts)
// by the shared poller (src/manager/probe-poller.ts), into the Device. Logs a probe's first reading, each failure and
// each recovery (not every 30 s reading), and a reading the Controller refuses (a load whose kind has no tank).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { w1Probe } from "../hal/node/w1-probe";
import type { Logger, TemperatureProbe, Timers } from "../hal/types";
import type { Device } from "../src/device/device";
import { PROBE_PERIOD_MS, startProbePolling } from "../src/manager/probe-poller";
import type { BoxConfig } from "./config";

export interface BoxProbeDeps {
  config: BoxConfig;
  device: Device;
  logger: Logger;
  timers: Timers;
  periodMs?: number;
}

/** Starts reading every configured probe; returns how to stop. */
export function startBoxProbes(deps: BoxProbeDeps): () => void {
  const { config, device, logger } = deps;
  const ids = Object.keys(config.probes);
  if (ids.length === 0) return () => undefined;
  const probes: Record<string, TemperatureProbe> = {};
  for (const id of ids) {
    const name = config.probes[id].w1;
    probes[id] = w1Probe(name, config.w1.devices);
    // Not a refusal: w1-gpio may list the sensor a moment after boot, and a probe unplugged is a failed reading.
    if (!existsSync(join(config.w1.devices, name))) logger.log("warn", `probe ${id}: ${join(config.w1.devices, name)} not found (yet): it reads as failed until the kernel lists it (dtoverlay=w1-gpio in config.txt?)`);
  }
  const last: Record<string, number | null | undefined> = {};
  const stop = startProbePolling({
    probes,
    timers: deps.timers,
    periodMs: deps.periodMs,
    dispatch: (event) => {
      const outcome = device.dispatch(event);
      if (event.type !== "tank-temperature") return outcome;
      const was = last[event.loadId];
      const now = event.temperatureC;
      last[event.loadId] = now;
      if (was === undefined && outcome.refused !== undefined) logger.log("warn", `probe ${event.loadId}: reading refused (${outcome.refused}): probes are for water-heater loads and sg-ready loads with "probe" ticked`);
      else if (was === undefined || (was === null) !== (now === null)) {
        logger.log(now === null ? "warn" : "info", now === null ? `probe ${event.loadId}: no reading (${join(config.w1.devices, config.probes[event.loadId].w1)}: missing, CRC failed or 85 °C power-on value)` : `probe ${event.loadId}: ${now} °C`);
      }
      return outcome;
    },
  });
  logger.log("info", `probes read every ${(deps.periodMs ?? PROBE_PERIOD_MS) / 1000} s`, { loads: ids.join(",") });
  return stop;
}
