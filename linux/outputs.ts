// Each load's contacts for the Linux box: GPIO lines through hal/node/gpio, or remote devices built by a factory
// the smart-plug code supplies. Never decides a level: the Device drives these as the ESP32 drives its pins.
import type { Clock, DigitalOutput, Logger, RemoteOutput, Timers } from "../hal/types";
import type { LoadWiring } from "../src/device/device";
import { GpioOutputs, gpiodMajor, processRunner, type CommandRunner, type GpiodMajor } from "../hal/node/gpio";
import type { BoxConfig, ConfigError } from "./config";

/** What a remote output is built with: where it sits in the config, and the box's clock, timers and log. */
export interface RemoteOutputContext {
  loadId: string;
  contact: number;
  clock: Clock;
  timers: Timers;
  logger: Logger;
}

/**
 * Builds a remote contact (a Shelly or Tasmota plug…) from its config object, or says which field is wrong. The
 * smart-plug code (src/plugs) provides it; a box built without one refuses remote outputs at start.
 */
export type RemoteOutputFactory = (spec: Record<string, unknown>, context: RemoteOutputContext) => { ok: true; output: RemoteOutput; release?(): void } | { ok: false; field: string; message: string };

export interface BuiltOutputs {
  loads: Record<string, LoadWiring>;
  /** Every contact to "box absent" before exit: GPIO synchronously, remote contacts sent (best effort). */
  releaseAll(): void;
}

/** A runner that only logs: `gpio.dryRun` tries the box where there is no GPIO chip (a laptop, CI). */
export function dryRunRunner(logger: Logger): CommandRunner {
  const say = (argv: readonly string[]): { code: number; stderr: string } => {
    logger.log("info", `gpio (dry run): ${argv.join(" ")}`);
    return { code: 0, stderr: "gpioset (libgpiod) v1.6.3" };
  };
  return { run: async (argv) => say(argv), runSync: (argv) => (argv[1] === "--version" ? { code: 0, stderr: "gpioset (libgpiod) v1.6.3" } : say(argv)) };
}

export function buildOutputs(config: BoxConfig, parts: { clock: Clock; timers: Timers; logger: Logger; remote?: RemoteOutputFactory; runner?: CommandRunner }): { ok: true; outputs: BuiltOutputs } | { ok: false; errors: ConfigError[] } {
  const { logger } = parts;
  const errors: ConfigError[] = [];
  const usesGpio = Object.values(config.outputs).some((list) => list.some((o) => "gpio" in o));
  let gpio: GpioOutputs | undefined;
  if (usesGpio) {
    const runner = parts.runner ?? (config.gpio.dryRun ? dryRunRunner(logger) : processRunner);
    const version = gpiodMajor("gpioset", runner);
    if (!version.ok) return { ok: false, errors: [{ field: "gpio", message: version.error }] };
    gpio = new GpioOutputs({ major: version.major as GpiodMajor, runner, logger });
  }
  const remoteReleases: (() => void)[] = [];
  const loads: Record<string, LoadWiring> = {};
  for (const load of config.settings.loads) {
    const outputs: (DigitalOutput | RemoteOutput)[] = [];
    (config.outputs[load.id] ?? []).forEach((spec, contact) => {
      if ("gpio" in spec) {
        outputs.push(gpio!.output({ chip: config.gpio.chip, line: spec.gpio, activeLow: spec.activeLow }));
        return;
      }
      const field = `outputs.${load.id}[${contact}].remote`;
      if (!parts.remote) {
        errors.push({ field, message: "remote outputs (smart plugs) are not in this build; wire the contact to a GPIO line" });
        return;
      }
      const built = parts.remote(spec.remote, { loadId: load.id, contact, clock: parts.clock, timers: parts.timers, logger });
      if (!built.ok) errors.push({ field: `${field}.${built.field}`, message: built.message });
      else {
        outputs.push(built.output);
        if (built.release) remoteReleases.push(built.release);
        else remoteReleases.push(() => built.output.write(false));
      }
    });
    loads[load.id] = { kind: load.kind, outputs };
  }
  if (errors.length > 0) return { ok: false, errors };
  let released = false;
  return {
    ok: true,
    outputs: {
      loads,
      releaseAll() {
        if (released) return;
        released = true;
        gpio?.releaseAllSync();
        for (const release of remoteReleases) release();
      },
    },
  };
}
