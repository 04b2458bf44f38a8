// A DS18B20 through the Linux kernel's w1 driver (a Raspberry Pi with dtoverlay=w1-gpio): reads
// /sys/bus/w1/devices/28-*/temperature (millidegrees), or w1_slave on older kernels. Never throws into the caller.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TemperatureProbe } from "../types";

export const W1_DEVICES = "/sys/bus/w1/devices";

/** A DS18B20's power-on register value: read before any conversion finished, it is not a temperature. */
const POWER_ON_C = 85;

/** °C from the kernel's `temperature` file (millidegrees) or `w1_slave` text; null when unreadable or the CRC failed. */
export function parseW1(text: string, file: "temperature" | "w1_slave"): number | null {
  let milli: number;
  if (file === "temperature") {
    if (!/^-?\d{1,6}\s*$/.test(text)) return null;
    milli = Number(text.trim());
  } else {
    const lines = text.split("\n");
    if (!/ YES\s*$/.test(lines[0] ?? "")) return null; // the kernel's CRC check failed
    const m = /t=(-?\d{1,6})\s*$/.exec(lines[1] ?? "");
    if (m === null) return null;
    milli = Number(m[1]);
  }
  const c = milli / 1000;
  return c === POWER_ON_C || c < -55 || c > 125 ? null : c;
}

/** The probe with this ROM id ("28-0316a2794cff"), or the first DS18B20 the bus lists. */
export function w1Probe(id?: string, root = W1_DEVICES): TemperatureProbe {
  return {
    read(done) {
      void (async () => {
        try {
          const device = id ?? (await readdir(root)).filter((n) => n.startsWith("28-")).sort()[0];
          if (device === undefined) return done(null);
          try {
            done(parseW1(await readFile(join(root, device, "temperature"), "utf8"), "temperature"));
          } catch {
            done(parseW1(await readFile(join(root, device, "w1_slave"), "utf8"), "w1_slave"));
          }
        } catch {
          done(null);
        }
      })();
    },
  };
}
