// The meter's TIC line on a Linux serial device (USB TIC dongle, Pi TIC HAT, a pty): opened with the serialport
// package at the rate src/tic/auto-baud decides, reopened with back-off when the device goes away. Never decodes.
import { statSync } from "node:fs";
import { SerialPort } from "serialport";
import type { ByteSource, Clock, Logger, TimerHandle, Timers } from "../types";
import { AutoBaud, type TicBaud } from "../../src/tic/auto-baud";
import type { TicModeSetting } from "../../src/tic/types";

/** First retry after the device went away; doubled on each failure up to the cap (a replugged dongle is back in ~1 s). */
export const REOPEN_FIRST_MS = 500;
/** A device gone for good costs one open attempt every 30 s: cheap, and a replug is picked up within that. */
export const REOPEN_MAX_MS = 30000;
/**
 * An open port silent this long is reopened: after a USB reset the old descriptor can stay open and never deliver
 * again. The meter sends a frame every ~2 s, so 30 s of silence is no glitch.
 */
export const SILENT_REOPEN_MS = 30000;
/** How often the rate policy hears the time (probe windows, long losses) and silence is checked. */
const POLL_PERIOD_MS = 1000;

/** The few calls of a serialport SerialPort this line uses (tests may hand another). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "close" | "error", listener: (error?: Error | null) => void): unknown;
  open(callback: (error: Error | null) => void): void;
  update(options: { baudRate: number }, callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
}

export interface TicSerialLineOptions {
  /** Prefer /dev/serial/by-id/…: it survives a replug and a udev renumbering (ttyUSB0 → ttyUSB1). */
  device: string;
  mode: TicModeSetting;
  /** The rate that worked last time (auto mode tries it first). */
  remembered?: TicBaud;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** A rate was proven by good groups: the shell stores it for the next start. */
  onBaudProven?(baud: TicBaud): void;
  /** Default: the serialport package, 7E1 as the TIC is sent. */
  createPort?(device: string, baud: number): SerialPortLike;
  /**
   * What the device path names now (undefined: nothing). Checked every second while the port is open: a change is an
   * unplug even when the serialport package missed the hang-up (it does when bytes are in flight at that instant: its
   * reads then return 0 bytes for ever and no close comes). Default: `deviceIdentity`; a path that names nothing when
   * the port opens (a test's stand-in port) is not checked.
   */
  identify?(device: string): string | undefined;
}

/** The device node a path names now (symlinks followed: a by-id link re-pointed by udev is another device). */
export function deviceIdentity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}:${s.rdev}`;
  } catch {
    return undefined;
  }
}

export interface TicSerialLine extends ByteSource {
  /** The rate the port runs at now, and whether it is open. */
  status(): { open: boolean; baud: TicBaud; proven: boolean };
  /**
   * The first open attempt: resolves when it opened, rejects with what to do when it failed (the line retries
   * anyway). A shell that refuses a wrong path at start waits on it; the box does not.
   */
  readonly opened: Promise<void>;
}

function serialportPort(device: string, baud: number): SerialPortLike {
  return new SerialPort({ path: device, baudRate: baud, dataBits: 7, parity: "even", stopBits: 1, autoOpen: false });
}

/** Opens the line now and keeps it open: every loss is logged once, then retried with back-off until it is back. */
export function openTicSerialLine(options: TicSerialLineOptions): TicSerialLine {
  const { device, clock, timers, logger } = options;
  const createPort = options.createPort ?? serialportPort;
  const identify = options.identify ?? deviceIdentity;
  let openedAs: string | undefined; // what the path named when the port opened (undefined: not checked)
  const policy = new AutoBaud({ mode: options.mode, remembered: options.remembered, nowMs: clock.nowMs() });
  let handler: ((chunk: Uint8Array) => void) | undefined;
  let port: SerialPortLike | undefined;
  let retryTimer: TimerHandle | undefined;
  let retryMs = REOPEN_FIRST_MS;
  let lastFailure = ""; // the last failure logged: the same one again is not a new decision
  let lastByteMs = clock.nowMs();
  let closed = false;
  let silent = false; // reopened for silence and still nothing: the reopen cycle repeats without a line each time
  let everOpen = false; // an open after a loss says the meter is back
  let settleFirst: ((error?: Error) => void) | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    settleFirst = (error) => {
      settleFirst = undefined;
      if (error) reject(error);
      else resolve();
    };
  });
  opened.catch(() => undefined); // nobody waiting on the first open is no unhandled rejection

  /** `absent`: the device node is gone, what an unplugged reader looks like after its loss was logged. */
  const scheduleReopen = (why: string, absent = false): void => {
    if (closed || retryTimer !== undefined) return;
    const lossLogged = lastFailure !== "";
    if (why !== lastFailure && !(silent && why.endsWith("(silent)")) && !(absent && lossLogged)) {
      logger.log("warn", `meter line: ${why}; retrying in ${retryMs} ms, then with back-off up to ${REOPEN_MAX_MS} ms`, { device });
      lastFailure = why;
    }
    retryTimer = timers.setTimeout(() => {
      retryTimer = undefined;
      open();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, REOPEN_MAX_MS);
  };

  const drop = (why: string): void => {
    const old = port;
    port = undefined;
    if (old?.isOpen) old.close(() => undefined);
    scheduleReopen(why);
  };

  const open = (): void => {
    if (closed) return;
    const baud = policy.baud();
    let candidate: SerialPortLike;
    try {
      candidate = createPort(device, baud);
    } catch (error) {
      const why = explainSerialError(device, error as Error);
      settleFirst?.(new Error(why));
      scheduleReopen(why, isAbsent(error as Error));
      return;
    }
    candidate.on("data", (chunk: Uint8Array) => {
      if (port !== candidate) return;
      lastByteMs = clock.nowMs();
      silent = false;
      handler?.(chunk);
      act(policy.push(chunk, lastByteMs));
    });
    candidate.on("close", (error) => {
      if (port === candidate) drop(error ? `${device} went away (${error.message})` : `${device} closed`);
    });
    candidate.on("error", (error) => {
      if (port === candidate) drop(`${device} failed (${error?.message ?? "unknown error"})`);
    });
    candidate.open((error) => {
      if (closed) {
        if (!error) candidate.close(() => undefined);
        return;
      }
      if (error) {
        const why = explainSerialError(device, error);
        settleFirst?.(new Error(why));
        scheduleReopen(why, isAbsent(error));
        return;
      }
      port = candidate;
      openedAs = identify(device);
      retryMs = REOPEN_FIRST_MS;
      lastByteMs = clock.nowMs();
      lastFailure = "";
      settleFirst?.();
      if (!silent) logger.log("info", `meter line: ${device} ${everOpen ? "back, reopened" : "open"} at ${baud} baud 7E1${policy.proven() ? "" : " (auto: probing the rate)"}`, { device, baud });
      everOpen = true;
    });
  };

  /** The policy's decision on the open port: change its rate in place, or keep a proven one. */
  const act = (action: ReturnType<AutoBaud["poll"]>): void => {
    if (!action) return;
    if (action.type === "locked") {
      logger.log("info", `meter line: ${action.baud} baud proven (${action.why})`, { device, baud: action.baud });
      options.onBaudProven?.(action.baud);
      return;
    }
    logger.log("info", action.type === "switch" ? `meter line: trying ${action.baud} baud (${action.why})` : `meter line: detecting the rate again (${action.why})`, { device, baud: action.baud });
    const current = port;
    if (action.type === "switch" && current?.isOpen) {
      current.update({ baudRate: action.baud }, (error) => {
        if (error && port === current) drop(`${device} refused ${action.baud} baud (${error.message})`);
      });
    }
  };

  /** Why the open port's path no longer names the device it opened, if it does not. */
  const moved = (): string | undefined => {
    if (!port || openedAs === undefined) return undefined;
    const now = identify(device);
    if (now === openedAs) return undefined;
    return now === undefined ? `${device} went away (the device node is gone)` : `${device} went away (the path names another device now)`;
  };

  const poller = timers.setInterval(() => {
    const nowMs = clock.nowMs();
    act(policy.poll(nowMs));
    const why = moved();
    if (why) {
      drop(why);
      return;
    }
    if (port && nowMs - lastByteMs >= SILENT_REOPEN_MS) {
      lastByteMs = nowMs;
      drop(`${device} gave no byte for ${SILENT_REOPEN_MS} ms, reopening it (silent)`);
      silent = true;
    }
  }, POLL_PERIOD_MS);

  open();
  return {
    onBytes(next) {
      handler = next;
    },
    close() {
      closed = true;
      timers.clear(poller);
      if (retryTimer !== undefined) timers.clear(retryTimer);
      const old = port;
      port = undefined;
      if (old?.isOpen) old.close(() => undefined);
    },
    status: () => ({ open: port !== undefined, baud: policy.baud(), proven: policy.proven() }),
    opened,
  };
}

const isAbsent = (error: Error): boolean => /ENOENT|No such file/i.test(error.message);

/** What the owner can do about a failed open, in one sentence. */
export function explainSerialError(device: string, error: Error): string {
  const text = error.message;
  if (isAbsent(error)) return `serial device ${device} not found: plug in the TIC reader and check the path (ls -l /dev/serial/by-id/)`;
  if (/EACCES|Permission/i.test(text)) return `no permission to open ${device}: add the user to the dialout group (sudo usermod -aG dialout USER) and log in again`;
  if (/EBUSY|lock|busy/i.test(text)) return `serial device ${device} is busy: another program holds it; close it`;
  return `cannot open serial device ${device}: ${text}`;
}
