// The firmware's probe wiring (manifest `config.probes`: load id → 1-Wire pin and optional ROM), checked at boot.
// Never opens a pin: it names every bad entry and why, and hands main.ts only the entries that can be wired.

/** One DS18B20: the GPIO of its 1-Wire bus, and its ROM when several share that bus. */
export interface ProbeWiring {
  pin: number;
  /** 16 hex digits, family code first, as `OneWire.hex()` prints it ("28ff641e8216c3b1"). */
  rom?: string;
}

/** The largest GPIO number in the ESP32 family (the S3 has GPIO 0–48); a bigger one is a typo. */
const GPIO_MAX = 48;
/** DS18B20 (12-bit, 1/16 °C) and DS18S20 (1/2 °C): the family codes the probe reads. */
export const THERMOMETER_FAMILIES = Object.freeze([0x28, 0x10]);

/** Dallas/Maxim CRC-8 (x⁸ + x⁵ + x⁴ + 1) of the first `length` bytes, as the last byte of a ROM or scratchpad holds it. */
export function dallasCrc8(bytes: Uint8Array, length: number): number {
  let crc = 0;
  for (let i = 0; i < length; i++) {
    let b = bytes[i];
    for (let bit = 0; bit < 8; bit++) {
      const mix = (crc ^ b) & 1;
      crc >>= 1;
      if (mix) crc ^= 0x8c;
      b >>= 1;
    }
  }
  return crc;
}

/** The 8 ROM bytes from their hex, or why not (length, digits, family, CRC: a typo in one digit fails the CRC). */
export function romFromHex(hex: string): Uint8Array | string {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) return `must be 16 hex digits (the ROM as OneWire.hex prints it), got "${hex}"`;
  const rom = new Uint8Array(8);
  for (let i = 0; i < 8; i++) rom[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (!THERMOMETER_FAMILIES.includes(rom[0])) return `family ${hex.slice(0, 2)} is not a DS18B20 (28) or DS18S20 (10): the family code comes first`;
  if (dallasCrc8(rom, 7) !== rom[7]) return `CRC mismatch (the last byte should be ${dallasCrc8(rom, 7).toString(16).padStart(2, "0")}): a digit is wrong`;
  return rom;
}

export interface CheckedProbes {
  probes: Record<string, ProbeWiring>;
  /** "probes.<id>…: why", each entry left unwired. */
  errors: string[];
}

/**
 * Checks `config.probes` against the manifest's loads (a probe for no load, or for a load with no tank to read, is a
 * mistake) and its other pins (`used`: pin → what holds it). Probes may share a pin (one bus), each then with a ROM.
 */
export function checkProbes(raw: unknown, loads: readonly { id: string; kind: string }[], used: Readonly<Record<number, string>>): CheckedProbes {
  const probes: Record<string, ProbeWiring> = {};
  const errors: string[] = [];
  if (raw === undefined) return { probes, errors };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { probes, errors: ["probes: must be an object: load id → {pin, rom}"] };
  const byPin: Record<number, string[]> = {};
  for (const id of Object.keys(raw)) {
    const field = `probes.${id}`;
    const entry = (raw as Record<string, unknown>)[id];
    const load = loads.find((l) => l.id === id);
    if (load === undefined) {
      errors.push(`${field}: no load "${id}" in config.loads`);
      continue;
    }
    if (load.kind !== "water-heater" && load.kind !== "sg-ready") {
      errors.push(`${field}: a ${load.kind} load has no tank to read (probes are for water-heater and sg-ready loads)`);
      continue;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      errors.push(`${field}: must be {"pin": GPIO} or {"pin": GPIO, "rom": "28…"}`);
      continue;
    }
    const { pin, rom, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      errors.push(`${field}.${unknown[0]}: unknown field (known: pin, rom)`);
      continue;
    }
    if (typeof pin !== "number" || !Number.isInteger(pin) || pin < 0 || pin > GPIO_MAX) {
      errors.push(`${field}.pin: must be a GPIO number, 0-${GPIO_MAX}`);
      continue;
    }
    if (used[pin] !== undefined) {
      errors.push(`${field}.pin: GPIO ${pin} is already ${used[pin]}`);
      continue;
    }
    if (rom !== undefined) {
      const bytes = typeof rom === "string" ? romFromHex(rom) : "must be a string of 16 hex digits";
      if (typeof bytes === "string") {
        errors.push(`${field}.rom: ${bytes}`);
        continue;
      }
    }
    probes[id] = rom === undefined ? { pin } : { pin, rom: (rom as string).toLowerCase() };
    (byPin[pin] ??= []).push(id);
  }
  // Two probes on one bus without ROMs would both read whichever sensor the search finds first.
  for (const pin of Object.keys(byPin)) {
    const ids = byPin[Number(pin)];
    if (ids.length < 2) continue;
    for (const id of ids) {
      if (probes[id].rom !== undefined) continue;
      errors.push(`probes.${id}.rom: GPIO ${pin} carries ${ids.length} probes: each needs its ROM`);
      delete probes[id];
    }
  }
  return { probes, errors };
}
