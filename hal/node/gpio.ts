// Relay outputs on Linux GPIO lines through the character device, with Debian's libgpiod tools (`gpioset`, package
// gpiod). Never touches sysfs or ioctls: every write is one gpioset run; polarity is applied here, per line.
import { spawn, spawnSync } from "node:child_process";
import type { DigitalOutput, Logger } from "../types";

/** One output line: `activeLow` relays energise their coil when the pin is low (the code's `on` stays logical). */
export interface GpioLineSpec {
  chip: string;
  line: number;
  activeLow: boolean;
}

/** libgpiod's tool generation: v1 (Debian 12 / Raspberry Pi OS bookworm: 1.6.3) or v2 (Debian 13: 2.1). */
export type GpiodMajor = 1 | 2;

/** Runs a command line: the asynchronous form for switching, the synchronous one at exit (no event loop left). */
export interface CommandRunner {
  run(argv: readonly string[]): Promise<{ code: number | null; stderr: string }>;
  runSync(argv: readonly string[]): { code: number | null; stderr: string };
}

/**
 * The gpioset command line that sets one line and exits (the line keeps its level: gpiochips like the Pi's keep the
 * output latch when a request is released). v1: `--mode=exit` (its default, spelt out). v2: `-t0`, toggle list "0",
 * meaning set and exit at once (v2's default is to hold the line until killed).
 */
export function gpiosetArgv(tool: string, major: GpiodMajor, spec: GpioLineSpec, on: boolean): string[] {
  const level = on !== spec.activeLow ? 1 : 0;
  return major === 1 ? [tool, "--mode=exit", spec.chip, `${spec.line}=${level}`] : [tool, "-c", spec.chip, "-t0", `${spec.line}=${level}`];
}

/** The major version `gpioset --version` reports ("gpioset (libgpiod) v1.6.3"), or an error saying what to install. */
export function gpiodMajor(tool: string, runner: CommandRunner): { ok: true; major: GpiodMajor } | { ok: false; error: string } {
  const result = runner.runSync([tool, "--version"]);
  const match = /libgpiod\)\s*v(\d+)\./.exec(result.stderr);
  if (result.code !== 0 || !match) return { ok: false, error: `${tool} --version failed (${result.stderr.trim() || `exit ${result.code}`}): install Debian's gpiod package (sudo apt install gpiod)` };
  const major = Number(match[1]);
  if (major !== 1 && major !== 2) return { ok: false, error: `${tool} is libgpiod v${major}: only v1 and v2 are known` };
  return { ok: true, major };
}

/** Runs commands as child processes (stdout and stderr together: gpioset prints its version on stdout). */
export const processRunner: CommandRunner = {
  run: (argv) =>
    new Promise((resolve) => {
      const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (d: Buffer) => (text += d.toString()));
      child.stderr.on("data", (d: Buffer) => (text += d.toString()));
      child.on("error", (error) => resolve({ code: null, stderr: error.message }));
      child.on("close", (code) => resolve({ code, stderr: text }));
    }),
  runSync: (argv) => {
    const result = spawnSync(argv[0], argv.slice(1), { encoding: "utf8" });
    return { code: result.error ? null : result.status, stderr: result.error ? result.error.message : `${result.stdout}${result.stderr}` };
  },
};

/** A gpioset run takes ≈ 9 ms here (median of 50, x64; more on a Pi): 5 waits of 20 ms outlast one in flight. */
const RELEASE_BUSY_TRIES = 5;
const RELEASE_BUSY_WAIT_MS = 20;

export interface GpioOutputsOptions {
  /** The gpioset program (default "gpioset" from PATH). */
  tool?: string;
  major: GpiodMajor;
  runner?: CommandRunner;
  logger: Logger;
}

/**
 * Every GPIO output of the box: writes to one line run one at a time in order, a newer level replacing one not yet
 * sent; `releaseAllSync` puts every line to "box absent" (coil released) before the process exits.
 */
export class GpioOutputs {
  private readonly tool: string;
  private readonly runner: CommandRunner;
  private readonly lines: { spec: GpioLineSpec; busy: boolean; pending: boolean | undefined; lastError: string }[] = [];

  constructor(private readonly options: GpioOutputsOptions) {
    this.tool = options.tool ?? "gpioset";
    this.runner = options.runner ?? processRunner;
  }

  output(spec: GpioLineSpec): DigitalOutput {
    const line = { spec, busy: false, pending: undefined as boolean | undefined, lastError: "" };
    this.lines.push(line);
    const send = (on: boolean): void => {
      line.busy = true;
      void this.runner.run(gpiosetArgv(this.tool, this.options.major, spec, on)).then(({ code, stderr }) => {
        const error = code === 0 ? "" : stderr.trim() || `exit ${code}`;
        // One log line per new failure (and one when it works again), not one per write.
        if (error !== line.lastError) {
          if (error) this.options.logger.log("error", `gpio: ${spec.chip} line ${spec.line} not set: ${error}`, { chip: spec.chip, line: spec.line });
          else this.options.logger.log("info", `gpio: ${spec.chip} line ${spec.line} works again`, { chip: spec.chip, line: spec.line });
          line.lastError = error;
        }
        line.busy = false;
        const next = line.pending;
        line.pending = undefined;
        if (next !== undefined) send(next);
      });
    };
    return {
      write: (on) => {
        if (line.busy) line.pending = on;
        else send(on);
      },
    };
  }

  /** Every line to its released level (coil off), synchronously: for exit paths, where no callback will run. */
  releaseAllSync(): void {
    for (const { spec } of this.lines) {
      const argv = gpiosetArgv(this.tool, this.options.major, spec, false);
      let result = this.runner.runSync(argv);
      // A switch still in flight holds the line for a few ms (EBUSY): wait for it, a bounded number of times.
      for (let tries = 0; result.code !== 0 && /busy/i.test(result.stderr) && tries < RELEASE_BUSY_TRIES; tries++) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RELEASE_BUSY_WAIT_MS);
        result = this.runner.runSync(argv);
      }
      if (result.code !== 0) this.options.logger.log("error", `gpio: ${spec.chip} line ${spec.line} not released: ${result.stderr.trim()}`, { chip: spec.chip, line: spec.line });
    }
  }
}
