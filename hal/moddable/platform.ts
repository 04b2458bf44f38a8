// Clock, timers, logger and restart on the Moddable runtime (timer module, System global, trace).
// Never blocks: Timer.delay is not used anywhere, so the UART callback always gets its turn.
import Timer from "timer";
import type { Clock, Logger, System, TimerHandle, Timers } from "../types";

export const moddableClock: Clock = { nowMs: () => Date.now() };

export const moddableTimers: Timers = {
  setTimeout: (callback, delayMs) => Timer.set(() => callback(), delayMs),
  setInterval: (callback, periodMs) => Timer.repeat(() => callback(), periodMs),
  clear: (handle: TimerHandle) => Timer.clear(handle as Timer),
};

export const traceLogger: Logger = {
  log(level, message, fields) {
    trace(`${level} ${message}${fields ? " " + JSON.stringify(fields) : ""}\n`);
  },
};

export const moddableSystem: System = {
  restart(reason) {
    trace(`restart: ${reason}\n`);
    System.restart();
  },
};
