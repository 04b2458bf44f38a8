// STGE status register (standard mode, 8 hex digits, CPT_54E §6.2.3.14) decoded into named fields.
// Never guesses: a register that is not 8 hex digits gives undefined; bit arithmetic stays unsigned (>>>).
import type { StgeFields, TempoColour } from "./types";

/** STGE colour code (bits 24–25 today, 26–27 tomorrow): 0 none/unknown, 1 blue, 2 white, 3 red. */
export const STGE_COLOURS: readonly (TempoColour | "none")[] = Object.freeze(["none", "blue", "white", "red"]);

/** Bit positions and widths, named as in the specification. Entries frozen too, so xsl keeps the table in flash. */
export const STGE_BITS = Object.freeze({
  dryContact: Object.freeze({ shift: 0, mask: 0x1 }),
  cutOff: Object.freeze({ shift: 1, mask: 0x7 }),
  overVoltage: Object.freeze({ shift: 6, mask: 0x1 }),
  overrun: Object.freeze({ shift: 7, mask: 0x1 }),
  producer: Object.freeze({ shift: 8, mask: 0x1 }),
  negativeEnergy: Object.freeze({ shift: 9, mask: 0x1 }),
  supplierIndex: Object.freeze({ shift: 10, mask: 0xf }),
  clockDegraded: Object.freeze({ shift: 16, mask: 0x1 }),
  todayColour: Object.freeze({ shift: 24, mask: 0x3 }),
  tomorrowColour: Object.freeze({ shift: 26, mask: 0x3 }),
  mobilePeakNotice: Object.freeze({ shift: 28, mask: 0x3 }),
  mobilePeak: Object.freeze({ shift: 30, mask: 0x3 }),
});

function field(raw: number, bits: { shift: number; mask: number }): number {
  return (raw >>> bits.shift) & bits.mask;
}

/** Parse the 8-hex-digit STGE data field; undefined when it is not exactly that. */
export function parseStge(data: string): number | undefined {
  if (!/^[0-9A-F]{8}$/.test(data)) return undefined;
  return parseInt(data, 16) >>> 0;
}

export function decodeStge(raw: number): StgeFields {
  return {
    raw: raw >>> 0,
    dryContactOpen: field(raw, STGE_BITS.dryContact) === 1,
    cutOff: field(raw, STGE_BITS.cutOff),
    overVoltage: field(raw, STGE_BITS.overVoltage) === 1,
    overrun: field(raw, STGE_BITS.overrun) === 1,
    producer: field(raw, STGE_BITS.producer) === 1,
    negativeEnergy: field(raw, STGE_BITS.negativeEnergy) === 1,
    // Stored 0-based in the register; reported 1-based like NTARF so the two compare directly.
    supplierIndex: field(raw, STGE_BITS.supplierIndex) + 1,
    clockDegraded: field(raw, STGE_BITS.clockDegraded) === 1,
    todayColour: STGE_COLOURS[field(raw, STGE_BITS.todayColour)],
    tomorrowColour: STGE_COLOURS[field(raw, STGE_BITS.tomorrowColour)],
    mobilePeakNotice: field(raw, STGE_BITS.mobilePeakNotice),
    mobilePeak: field(raw, STGE_BITS.mobilePeak),
  };
}
