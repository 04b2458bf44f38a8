// DS18B20s on the ESP32 through Moddable's `onewire` module: start a conversion, read the scratchpad 750 ms later
// on a hal timer (never blocking the UART), check its CRC. Never throws into the caller: a failure reads as null.
// ROMs are ArrayBuffers throughout: the ESP32 driver's select() refuses a Uint8Array (see onewire.d.ts).
import OneWireModule from "onewire";
import type { TemperatureProbe, Timers } from "../types";
import type { OneWireBus, OneWireClass } from "./onewire-bus";
import { dallasCrc8, romFromHex, THERMOMETER_FAMILIES, type ProbeWiring } from "./probe-config";

/** The driver as its C behaves (onewire-bus.ts), whichever typing of "onewire" this compile read. */
const OneWire = OneWireModule as unknown as OneWireClass;
const DS18S20 = 0x10;
const COMMAND = Object.freeze({ convert: 0x44, readScratchpad: 0xbe });
/** A 12-bit conversion (the power-on resolution) takes up to 750 ms. */
const CONVERSION_MS = 750;
/** The register's value before any conversion finished (a sensor that lost power): not a temperature. */
const POWER_ON_C = 85;
const SCRATCHPAD_BYTES = 9;

export interface OpenedProbes {
  probes: Record<string, TemperatureProbe>;
  /** "probes.<id>.pin: why", for a bus the driver could not open (its probes are left out). */
  errors: string[];
}

/** °C from a scratchpad, or null (CRC, a bus stuck low that reads all zeros, the 85 °C power-on value). */
export function scratchpadCelsius(pad: Uint8Array, family: number): number | null {
  if (pad.length < SCRATCHPAD_BYTES || dallasCrc8(pad, 8) !== pad[8]) return null;
  let zeros = true;
  for (let i = 0; i < SCRATCHPAD_BYTES; i++) if (pad[i] !== 0) zeros = false;
  if (zeros) return null; // CRC-8 of zeros is zero: a shorted bus would read 0 °C
  let raw = pad[0] | (pad[1] << 8);
  if (raw & 0x8000) raw -= 0x10000;
  const c = raw / (family === DS18S20 ? 2 : 16);
  return c === POWER_ON_C ? null : c;
}

/** One bus per pin (probes sharing a pin share it); a bus is closed when its last probe is. */
export function openOneWireProbes(wiring: Readonly<Record<string, ProbeWiring>>, timers: Timers): OpenedProbes {
  const buses: Record<number, { bus: OneWireBus; users: number }> = {};
  const probes: Record<string, TemperatureProbe> = {};
  const errors: string[] = [];
  for (const id of Object.keys(wiring)) {
    const { pin, rom } = wiring[id];
    let shared = buses[pin];
    if (shared === undefined) {
      try {
        shared = buses[pin] = { bus: new OneWire({ pin }), users: 0 };
      } catch (error) {
        errors.push(`probes.${id}.pin: the 1-Wire bus on GPIO ${pin} did not open (${String(error)})`);
        continue;
      }
    }
    shared.users++;
    const bytes = rom === undefined ? undefined : romFromHex(rom);
    const fixed = bytes === undefined || typeof bytes === "string" ? undefined : (bytes.buffer as ArrayBuffer);
    const bus = shared;
    probes[id] = oneWireProbe(bus.bus, fixed, timers, () => {
      if (--bus.users === 0) bus.bus.close();
    });
  }
  return { probes, errors };
}

function oneWireProbe(bus: OneWireBus, rom: ArrayBuffer | undefined, timers: Timers, release: () => void): TemperatureProbe {
  let found: ArrayBuffer | undefined = rom;
  let closed = false;
  /** The configured ROM, else the first DS18x20 the search finds (searched again after a failure). */
  const device = (): ArrayBuffer | undefined => {
    if (found !== undefined) return found;
    const all = bus.search();
    for (let i = 0; i < all.length; i++) if (THERMOMETER_FAMILIES.includes(new Uint8Array(all[i])[0])) return (found = all[i]);
    return undefined;
  };
  const forget = (): void => {
    if (rom === undefined) found = undefined; // search again next time: the sensor may have been re-plugged
  };
  return {
    read(done) {
      if (closed) return done(null);
      let chosen: ArrayBuffer | undefined;
      try {
        chosen = device();
        if (chosen === undefined) return done(null);
        bus.select(chosen);
        bus.write(COMMAND.convert);
      } catch {
        forget();
        return done(null);
      }
      const target = chosen;
      timers.setTimeout(() => {
        if (closed) return done(null);
        try {
          bus.select(target);
          bus.write(COMMAND.readScratchpad);
          const c = scratchpadCelsius(new Uint8Array(bus.read(SCRATCHPAD_BYTES)), new Uint8Array(target)[0]);
          if (c === null) forget();
          done(c);
        } catch {
          forget();
          done(null);
        }
      }, CONVERSION_MS);
    },
    close() {
      if (closed) return;
      closed = true;
      release();
    },
  };
}
