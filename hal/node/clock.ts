// Node implementations of the hal Clock, Timers, Random, Logger and System capabilities.
// Host-only: never imported by src/ or homekit/ (they receive these through hal/types.ts interfaces).
import { randomFillSync } from "node:crypto";
import type { Clock, Logger, LogLevel, Random, System, TimerHandle, Timers } from "../types";

export const nodeClock: Clock = { nowMs: () => Date.now() };

export const nodeTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  setInterval: (callback, periodMs) => setInterval(callback, periodMs),
  clear: (handle: TimerHandle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const nodeRandom: Random = { fill: (bytes) => randomFillSync(bytes) };

const LEVEL_ORDER: Record<LogLevel, number> = Object.freeze({ debug: 0, info: 1, warn: 2, error: 3 });

/** One JSON line per log entry on the given writer (stderr by default), at or above `minLevel`. */
export function jsonLogger(options: { minLevel?: LogLevel; write?: (line: string) => void; clock?: Clock } = {}): Logger {
  const min = LEVEL_ORDER[options.minLevel ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const clock = options.clock ?? nodeClock;
  return {
    log(level, message, fields) {
      if (LEVEL_ORDER[level] < min) return;
      write(JSON.stringify({ at: new Date(clock.nowMs()).toISOString(), level, message, ...fields }));
    },
  };
}

/** host-sim restarts its device in-process: the callback tears the device down and boots it again. */
export function callbackSystem(onRestart: (reason: string) => void): System {
  return { restart: (reason) => onRestart(reason) };
}
