// A real Device with the real core (createCore) on a virtual clock and an in-memory store, for tests: each caller
// overrides only the parts it looks at (outputs, LEDs, the engine). Never touches a real clock, pin or file.
import { VirtualTime } from "../../host-sim/virtual-time";
import { createCore, type Core } from "../../src/device/core";
import { Device, type DeviceParts } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { parseIsoWithOffset } from "../../src/tariff/local-time";

export interface VirtualBoxOptions {
  /** French local time with offset, e.g. "2026-01-14T09:00:00+01:00". */
  atIso: string;
  /** The board's loads, used until settings are saved. */
  defaultLoads: readonly unknown[];
  store?: MemoryStore;
  /** Parts to replace (outputs, LEDs, a wrapped engine), given the core the box is built from. */
  parts?: (core: Core) => Partial<DeviceParts>;
}

export function virtualBox(options: VirtualBoxOptions): { device: Device; time: VirtualTime; store: MemoryStore; core: Core } {
  const time = new VirtualTime(parseIsoWithOffset(options.atIso));
  const store = options.store ?? new MemoryStore();
  const logger = { log: () => undefined };
  const core = createCore({ store, logger, ticMode: "historic", defaultLoads: options.defaultLoads });
  const device = new Device({
    clock: time,
    timers: time,
    logger,
    store,
    system: { restart: () => undefined },
    meter: { onBytes: () => undefined, close: () => undefined },
    loads: {},
    redLed: { set: () => undefined },
    blueLed: { set: () => undefined },
    createDecoder: core.createDecoder,
    createEngine: core.createEngine,
    ...options.parts?.(core),
  });
  return { device, time, store, core };
}
