// A DS18B20 on the ESP32 through Moddable's `onewire` module: start a conversion, read the scratchpad 750 ms later
// on a hal timer (never blocking the UART), check its CRC. Never throws into the caller: a failure reads as null.
import OneWire from "onewire";
import type { TemperatureProbe, Timers } from "../types";

/** DS18B20 family code; DS18S20 (0x10) counts in half degrees. */
const FAMILY = Object.freeze({ ds18b20: 0x28, ds18s20: 0x10 });
const COMMAND = Object.freeze({ convert: 0x44, readScratchpad: 0xbe });
/** A 12-bit conversion (the power-on resolution) takes up to 750 ms. */
const CONVERSION_MS = 750;
const POWER_ON_C = 85;

export interface OneWireProbeConfig {
  pin: number;
  /** The sensor's ROM in hex (several on one bus); the first DS18x20 found otherwise. */
  rom?: string;
}

export function oneWireProbe(config: OneWireProbeConfig, timers: Timers): TemperatureProbe {
  const bus = new OneWire({ pin: config.pin });
  let id: Uint8Array | undefined;
  const device = (): Uint8Array | undefined => {
    if (id !== undefined) return id;
    if (config.rom !== undefined) return (id = OneWire.fromHexString(config.rom));
    const found = bus.search();
    for (let i = 0; i < found.length; i++) {
      const family = new Uint8Array(found[i])[0];
      if (family === FAMILY.ds18b20 || family === FAMILY.ds18s20) return (id = new Uint8Array(found[i]));
    }
    return undefined;
  };
  return {
    read(done) {
      let rom: Uint8Array | undefined;
      try {
        rom = device();
        if (rom === undefined) return done(null);
        bus.select(rom);
        bus.write(COMMAND.convert);
      } catch {
        id = undefined; // search again next time: the sensor may have been re-plugged
        return done(null);
      }
      const chosen = rom;
      timers.setTimeout(() => {
        try {
          bus.select(chosen);
          bus.write(COMMAND.readScratchpad);
          const read = bus.read(9);
          const pad = typeof read === "number" ? new Uint8Array([read]) : new Uint8Array(read);
          if (pad.length < 9 || OneWire.crc(pad.buffer, 8) !== pad[8]) return done(null);
          let raw = pad[0] | (pad[1] << 8);
          if (raw & 0x8000) raw -= 0x10000;
          const c = raw / (chosen[0] === FAMILY.ds18s20 ? 2 : 16);
          done(c === POWER_ON_C ? null : c);
        } catch {
          id = undefined;
          done(null);
        }
      }, CONVERSION_MS);
    },
    close() {
      bus.close();
    },
  };
}
