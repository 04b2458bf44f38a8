// In-memory pins for the desktop `lin` build, chosen by the manifest's platform section instead of ./digital.ts.
// Never pretends to be hardware: it only remembers levels and traces output changes, so a run shows what the box did.
import type { DigitalInput, DigitalOutput, Led } from "../../types";

/** Same shape as hal/moddable/digital.ts: main.ts is built unchanged against either file. */
export interface PinConfig {
  pin: number;
  activeLow?: boolean;
}

export function openOutput(config: PinConfig): DigitalOutput & Led {
  // The electrical level an ESP32 would drive, so a trace reads like a logic analyser on the real board.
  let level: number | undefined;
  const write = (on: boolean): void => {
    const next = on !== (config.activeLow === true) ? 1 : 0;
    if (next === level) return;
    level = next;
    trace(`pin ${config.pin} = ${next}\n`);
  };
  write(false);
  return { write, set: write };
}

/** The desktop has no button: it reads released and never changes. */
export function openButton(config: PinConfig): DigitalInput {
  trace(`pin ${config.pin}: button stand-in (never pressed)\n`);
  return {
    read: () => false,
    onChange() {},
  };
}
