// Clock, timers, random, logger and restart on the Moddable runtime (timer module, System global, trace).
// Never blocks: Timer.delay is not used anywhere, so the UART callback always gets its turn.
import Timer from "timer";
import type { Clock, Logger, Random, System, TimerHandle, Timers } from "../types";

export const moddableClock: Clock = { nowMs: () => Date.now() };

export const moddableTimers: Timers = {
  setTimeout: (callback, delayMs) => Timer.set(() => callback(), delayMs),
  setInterval: (callback, periodMs) => Timer.repeat(() => callback(), periodMs),
  clear: (handle: TimerHandle) => Timer.clear(handle as Timer),
};

// Math.random is not cryptographic; on the ESP32 it is seeded by the hardware RNG (esp_random) in XS's platform
// layer. HomeKit keys need a real source: the crypto interface takes `Random`, to be replaced by a native one.
export const moddableRandom: Random = {
  fill(bytes) {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    return bytes;
  },
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
