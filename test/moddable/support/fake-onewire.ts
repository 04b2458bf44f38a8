// A stand-in for the Moddable SDK's `onewire` driver, as strict as its ESP32 C (modules/drivers/onewire/esp32):
// select() reads its argument with xsmcToArrayBuffer (anything else throws), search() and read(n) give ArrayBuffers,
// write() takes one byte, there is no fromHexString. DS18B20s on the bus answer a conversion and a scratchpad read.
import { dallasCrc8 } from "../../../hal/moddable/probe-config";

/** ROMs (hex, family code first) with valid CRCs: two DS18B20s and a DS2401 serial number (not a thermometer). */
export const SENSORS = Object.freeze({ first: "28ca00a9040000ea", second: "28cc2e230500006b", serial: "0111223344556675" });
/** What each DS18B20 converts to, in 1/16 °C. */
const RAW: Record<string, number> = { [SENSORS.first]: 61.25 * 16, [SENSORS.second]: -10.125 * 16 };

/** A DS18B20's 9-byte scratchpad holding `raw` (1/16 °C), its CRC last. */
export function scratchpad(raw: number): Uint8Array {
  const pad = Uint8Array.of(raw & 0xff, (raw >> 8) & 0xff, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10, 0);
  pad[8] = dallasCrc8(pad, 8);
  return pad;
}

const hex = (buffer: ArrayBuffer): string => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

export class FakeOneWire {
  /** Devices on the bus now (hex ROMs), in search order. */
  static present: string[];
  static commands: string[];
  static opened: number[];
  static closed: number;

  static reset(): void {
    FakeOneWire.present = [SENSORS.serial, SENSORS.first, SENSORS.second];
    FakeOneWire.commands = [];
    FakeOneWire.opened = [];
    FakeOneWire.closed = 0;
  }

  private selected: string | undefined;
  private command: number | undefined;
  private converted: Record<string, number> = {};

  constructor(dictionary: { pin: number }) {
    if (dictionary.pin > 48) throw new Error("can't init pin");
    FakeOneWire.opened.push(dictionary.pin);
  }

  close(): void {
    FakeOneWire.closed++;
  }

  select(device: unknown): void {
    if (!(device instanceof ArrayBuffer)) throw new TypeError("not an ArrayBuffer instance");
    this.selected = hex(device);
    this.command = undefined;
    FakeOneWire.commands.push(`select ${this.selected}`);
  }

  write(data: unknown): void {
    if (typeof data !== "number" || data < 0 || data > 255) throw new RangeError("bad value");
    FakeOneWire.commands.push(`write ${data.toString(16)}`);
    this.command = data;
    const id = this.selected;
    if (data === 0x44 && id !== undefined && FakeOneWire.present.includes(id) && id in RAW) this.converted[id] = RAW[id];
  }

  read(count: number): ArrayBuffer {
    FakeOneWire.commands.push(`read ${count}`);
    const id = this.selected;
    // Nobody answering: the pull-up reads all ones. Before any conversion a DS18B20 holds its power-on 85 °C.
    if (this.command !== 0xbe || id === undefined || !FakeOneWire.present.includes(id)) return new Uint8Array(count).fill(0xff).buffer;
    return scratchpad(this.converted[id] ?? 85 * 16).slice(0, count).buffer;
  }

  search(): ArrayBuffer[] {
    return FakeOneWire.present.map((id) => Uint8Array.from(id.match(/../g) as string[], (b) => parseInt(b, 16)).buffer);
  }

  isPresent(id: ArrayBuffer): boolean {
    return FakeOneWire.present.includes(hex(id));
  }

  reset(): boolean {
    return FakeOneWire.present.length > 0;
  }

  static crc(buffer: ArrayBuffer, length?: number): number {
    return dallasCrc8(new Uint8Array(buffer), length ?? buffer.byteLength);
  }

  static hex(buffer: ArrayBuffer): string {
    return hex(buffer);
  }
}
