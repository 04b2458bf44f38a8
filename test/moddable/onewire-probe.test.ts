/// <reference path="../../hal/moddable/onewire.d.ts" />
// hal/moddable/onewire-probe.ts against a `onewire` driver that is as strict as the SDK's ESP32 C (select() takes only
// an ArrayBuffer, read(9) gives one, no fromHexString), with DS18B20s answering scratchpads; and the boot-time check
// of `config.probes` (hal/moddable/probe-config.ts).
import type { Timers } from "../../hal/types";

// jest hoists this above the imports: the probe module gets the fake driver below as "onewire".
jest.mock("onewire", () => ({ __esModule: true, default: jest.requireActual("./support/fake-onewire").FakeOneWire }), { virtual: true });

import { openOneWireProbes, scratchpadCelsius } from "../../hal/moddable/onewire-probe";
import { checkProbes, dallasCrc8, romFromHex } from "../../hal/moddable/probe-config";
import { FakeOneWire, scratchpad, SENSORS } from "./support/fake-onewire";

function fakeTimers(): Timers & { run(): void } {
  let pending: (() => void)[] = [];
  return {
    setTimeout: (fn) => (pending.push(fn), pending.length),
    setInterval: () => 0,
    clear: () => undefined,
    run() {
      const now = pending;
      pending = [];
      now.forEach((fn) => fn());
    },
  } as Timers & { run(): void };
}

function readOnce(probe: { read(done: (c: number | null) => void): void }, timers: { run(): void }): number | null | undefined {
  let got: number | null | undefined;
  probe.read((c) => (got = c));
  timers.run(); // the 750 ms conversion
  return got;
}

beforeEach(() => FakeOneWire.reset());

test("the first DS18B20 on the bus is found and read (another 1-Wire device before it is skipped)", () => {
  const timers = fakeTimers();
  const { probes, errors } = openOneWireProbes({ "chauffe-eau": { pin: 13 } }, timers);
  expect(errors).toEqual([]);
  expect(readOnce(probes["chauffe-eau"], timers)).toBe(61.25);
  expect(FakeOneWire.commands).toEqual(["select 28ca00a9040000ea", "write 44", "select 28ca00a9040000ea", "write be", "read 9"]);
});

test("a configured ROM is read, and probes sharing a pin share one bus, closed once after the last", () => {
  const timers = fakeTimers();
  const { probes } = openOneWireProbes({ ballon: { pin: 13, rom: SENSORS.second }, pac: { pin: 13, rom: SENSORS.first } }, timers);
  expect(FakeOneWire.opened).toEqual([13]);
  expect(readOnce(probes.ballon, timers)).toBe(-10.125);
  expect(readOnce(probes.pac, timers)).toBe(61.25);
  probes.ballon.close?.();
  expect(FakeOneWire.closed).toBe(0);
  probes.pac.close?.();
  probes.pac.close?.();
  expect(FakeOneWire.closed).toBe(1);
});

test("a sensor that goes away reads null, and is found again once back", () => {
  const timers = fakeTimers();
  const { probes } = openOneWireProbes({ ballon: { pin: 13 } }, timers);
  expect(readOnce(probes.ballon, timers)).toBe(61.25);
  FakeOneWire.present = [];
  expect(readOnce(probes.ballon, timers)).toBeNull(); // the bus reads all ones: CRC fails
  expect(readOnce(probes.ballon, timers)).toBeNull(); // searched again: nothing
  FakeOneWire.present = [SENSORS.first];
  expect(readOnce(probes.ballon, timers)).toBe(61.25);
});

test("a bus the driver cannot open is named; the other probes still open", () => {
  const timers = fakeTimers();
  const { probes, errors } = openOneWireProbes({ ballon: { pin: 99 }, pac: { pin: 13 } }, timers);
  expect(Object.keys(probes)).toEqual(["pac"]);
  expect(errors).toEqual([expect.stringMatching(/^probes\.ballon\.pin: the 1-Wire bus on GPIO 99 did not open \(.*can't init pin/)]);
});

test("scratchpads: CRC, the power-on 85 °C, a bus stuck low, DS18S20 half degrees, negative values", () => {
  expect(scratchpadCelsius(scratchpad(61.25 * 16), 0x28)).toBe(61.25);
  expect(scratchpadCelsius(scratchpad(-10.125 * 16), 0x28)).toBe(-10.125);
  expect(scratchpadCelsius(scratchpad(85 * 16), 0x28)).toBeNull();
  expect(scratchpadCelsius(new Uint8Array(9), 0x28)).toBeNull();
  expect(scratchpadCelsius(scratchpad(45), 0x10)).toBe(22.5);
  const bad = scratchpad(61.25 * 16);
  bad[0] ^= 1;
  expect(scratchpadCelsius(bad, 0x28)).toBeNull();
});

test("ROMs: the CRC of a real one, and a typo refused with why", () => {
  expect(dallasCrc8(Uint8Array.of(0x28, 0xca, 0x00, 0xa9, 0x04, 0x00, 0x00), 7)).toBe(0xea);
  expect(romFromHex("28CA00A9040000EA")).toEqual(Uint8Array.of(0x28, 0xca, 0x00, 0xa9, 0x04, 0x00, 0x00, 0xea));
  expect(romFromHex("28ca00a9040000eb")).toMatch(/^CRC mismatch \(the last byte should be ea\)/);
  expect(romFromHex("01ca00a9040000ea")).toMatch(/^family 01 is not a DS18B20/);
  expect(romFromHex("28-0316a2790aff")).toMatch(/^must be 16 hex digits/);
});

test("config.probes: each bad entry named with why, the good ones kept", () => {
  const loads = [
    { id: "salon", kind: "fil-pilote-2" },
    { id: "ballon", kind: "water-heater" },
    { id: "pac", kind: "sg-ready" },
    { id: "ballon2", kind: "water-heater" },
  ];
  const used = { 16: "ticRx", 25: "a pin of load salon" };
  expect(checkProbes(undefined, loads, used)).toEqual({ probes: {}, errors: [] });
  expect(checkProbes({ ballon: { pin: 13 }, pac: { pin: 13, rom: SENSORS.first }, ballon2: { pin: 13, rom: SENSORS.second } }, loads, used).errors).toEqual([
    "probes.ballon.rom: GPIO 13 carries 3 probes: each needs its ROM",
  ]);
  const checked = checkProbes(
    { garage: { pin: 5 }, salon: { pin: 5 }, ballon: { pin: 16 }, pac: { pin: 12, rom: "28ca00a9040000eb" }, ballon2: { pin: 60, typo: 1 } },
    loads,
    used,
  );
  expect(checked.probes).toEqual({});
  expect(checked.errors).toEqual([
    'probes.garage: no load "garage" in config.loads',
    "probes.salon: a fil-pilote-2 load has no tank to read (probes are for water-heater and sg-ready loads)",
    "probes.ballon.pin: GPIO 16 is already ticRx",
    "probes.pac.rom: CRC mismatch (the last byte should be ea): a digit is wrong",
    "probes.ballon2.typo: unknown field (known: pin, rom)",
  ]);
  expect(checkProbes({ ballon: { pin: 13, rom: "28CA00A9040000EA" } }, loads, used)).toEqual({ probes: { ballon: { pin: 13, rom: "28ca00a9040000ea" } }, errors: [] });
});
