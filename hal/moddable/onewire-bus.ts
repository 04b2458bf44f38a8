// The Moddable SDK's `onewire` driver (modules/drivers/onewire, SDK 8.2.3) as its C behaves, types only. Written from
// the C, not from the SDK's own onewire.d.ts, which mcconfig's tsc reads: that one says select() takes a Uint8Array and
// declares a static fromHexString, but the ESP32's xs_onewire_select reads its argument with xsmcToArrayBuffer (a
// Uint8Array throws "not an ArrayBuffer instance") and onewire.js has no fromHexString at all. hal/moddable/
// onewire-probe.ts takes the module through these types, so it compiles the same against either typing.

export interface OneWireBus {
  close(): void;
  /** One byte; with a count, that many bytes in an ArrayBuffer. */
  read(): number;
  read(count: number): ArrayBuffer;
  /** One byte (0–255). The ESP32 driver ignores a second argument (no parasite power). */
  write(data: number): void;
  /** Bus reset + MATCH ROM with this 8-byte ROM (family code first, as search() gives it). */
  select(device: ArrayBuffer): void;
  /** Every ROM on the bus, each an 8-byte ArrayBuffer, family code first. */
  search(): ArrayBuffer[];
  isPresent(id: ArrayBuffer): boolean;
  reset(): boolean;
}

export interface OneWireClass {
  /** Throws "can't init pin" when the RMT channel cannot be had. */
  new (dictionary: { pin: number }): OneWireBus;
  /** Dallas CRC-8 of the first `length` bytes (all without it). */
  crc(buffer: ArrayBuffer, length?: number): number;
  hex(buffer: ArrayBuffer): string;
}
