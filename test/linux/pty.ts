// Test meter on a pseudo-terminal pair (socat): the box opens one end at a fixed path, the "meter" writes a real
// capture into the other. Closing and re-creating the pair at the same paths is an unplug and replug.
// The meter reads the termios speed the box set on its end (stty -F) and sends clean bytes only when it matches its
// own rate; otherwise it sends what a UART at the box's rate would read from the line (uart-sim), as a pty itself
// ignores the baud rate.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, constants, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { readAtWrongRate } from "./uart-sim";

export class PtyPair {
  readonly boxPath: string;
  readonly meterPath: string;
  private socat: ChildProcess | undefined;

  constructor(dir: string) {
    this.boxPath = join(dir, "ttyTIC");
    this.meterPath = join(dir, "meter");
  }

  /** Starts socat with both links; resolves once both exist (bounded: 10 s). */
  async open(): Promise<void> {
    const socat = spawn("socat", [`pty,raw,echo=0,link=${this.boxPath}`, `pty,raw,echo=0,link=${this.meterPath}`], { stdio: "ignore" });
    this.socat = socat;
    await new Promise<void>((resolve, reject) => {
      socat.on("error", (error) => reject(new Error(`socat missing (apt-get install socat): ${error.message}`)));
      const started = Date.now();
      const check = (): void => {
        if (existsSync(this.boxPath) && existsSync(this.meterPath)) resolve();
        else if (Date.now() - started > 10000) reject(new Error("socat made no ptys in 10 s"));
        else setTimeout(check, 20);
      };
      check();
    });
  }

  /** Kills socat (the ptys vanish, as an unplugged dongle) and waits for its links to go. */
  async close(): Promise<void> {
    const socat = this.socat;
    this.socat = undefined;
    if (!socat || socat.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      socat.on("exit", () => resolve());
      socat.kill("SIGTERM");
    });
  }
}

/** The rate the box's end of the pty is set to now (what the reader asked with tcsetattr), or undefined. */
export function boxSideBaud(path: string): number | undefined {
  try {
    return Number(execFileSync("stty", ["-F", path, "speed"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    return undefined;
  }
}

/** A meter sending `bytes` over and over at `meterBaud` into the pty's meter end, honest about the box's rate. */
export class PtyMeter {
  private timer: ReturnType<typeof setInterval> | undefined;
  private fd: number | undefined;
  private offset = 0;
  /** Chunks sent clean (box at the meter's rate) and garbled (box at another rate). */
  clean = 0;
  garbled = 0;

  constructor(private readonly pty: PtyPair, private readonly bytes: Uint8Array, private readonly meterBaud: number, private readonly chunkBytes = 48, private readonly periodMs = 100) {}

  start(): void {
    this.fd = openSync(this.pty.meterPath, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    this.timer = setInterval(() => this.tick(), this.periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The next `chunks` chunks at once, as a meter mid-frame: bytes in flight through socat when the pty goes. */
  burst(chunks: number): void {
    for (let i = 0; i < chunks; i++) this.tick();
  }

  private tick(): void {
    if (this.fd === undefined) return;
    const end = Math.min(this.offset + this.chunkBytes, this.bytes.length);
    const chunk = this.bytes.subarray(this.offset, end);
    this.offset = end >= this.bytes.length ? 0 : end;
    const boxBaud = boxSideBaud(this.pty.boxPath);
    if (boxBaud === undefined || !(boxBaud > 0)) return; // the box's end is not open: the bytes fall on the floor
    const sent = boxBaud === this.meterBaud ? chunk : readAtWrongRate(chunk, this.meterBaud, boxBaud);
    if (boxBaud === this.meterBaud) this.clean++;
    else this.garbled++;
    try {
      writeSync(this.fd, sent);
    } catch {
      // EAGAIN: nobody reads the other end just now (the box is reopening); a real meter's bytes are lost too.
    }
  }
}

/**
 * linux/example-config.json made safe for a test on this machine: the meter at `meterDevice`, state under `dir`, GPIO
 * as a dry run, the web page and HomeKit on free loopback ports without mDNS. The caller edits it further and writes it.
 */
export function loopbackConfig(dir: string, meter: Record<string, unknown>): any {
  const config = JSON.parse(readFileSync(join(__dirname, "../../linux/example-config.json"), "utf8"));
  config.meter = { ...config.meter, ...meter };
  config.stateDir = join(dir, "state");
  config.gpio.dryRun = true;
  config.web = { port: 0, bind: "127.0.0.1" };
  config.homekit = { port: 0, bind: "127.0.0.1", mdns: false };
  return config;
}
