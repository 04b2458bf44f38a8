// XS lane for the box's own logic: button gestures, LED patterns and status, factory reset, on the real XS engine.
// Runs the very tables jest runs (test/ui/cases.ts), so the two lanes cannot drift.
import { assertEqual, run, test } from "./harness";
import { BUTTON_CASES, LED_PATTERN_CASES, LED_STATUS_CASES } from "../ui/cases";
import { runButtonCase, runFactoryResetCase, runLedPatternCase, runLedStatusCase } from "../ui/check";
import capture from "fixture:tic/hist-tempo-1ph-hcjb-demain-roug.tic";
import { createCore } from "../../src/device/core";
import { Device } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { decideNetworkMode } from "../../src/device/network-mode";
import { readJson } from "../../src/device/json-store";
import { VirtualTime } from "../../host-sim/virtual-time";

for (const c of BUTTON_CASES) {
  test(`button: ${c.name}`, () => {
    const { expected, actual } = runButtonCase(c);
    assertEqual(actual, expected);
  });
}

for (const c of LED_PATTERN_CASES) {
  test(`led pattern: ${c.pattern}`, () => {
    const { expected, actual } = runLedPatternCase(c);
    assertEqual(actual, expected);
  });
}

for (const c of LED_STATUS_CASES) {
  test(`led status: ${c.name}`, () => {
    const { expected, actual } = runLedStatusCase(c);
    assertEqual(actual, expected);
  });
}

test("network-mode decision: no Wi-Fi stored opens the access point", () => {
  const d = decideNetworkMode({ nowMs: 0, wifiStored: false, stationUp: false, stationDownSinceMs: 0 });
  assertEqual([d.station, d.accessPoint, d.reason], [false, true, "no-wifi-stored"]);
});

test("factory reset erases exactly what it must", () => {
  const { missing, leaked } = runFactoryResetCase();
  assertEqual(missing, [], "keys that must survive");
  assertEqual(leaked, [], "keys that must be erased");
});

test("the whole Device on XS: a real capture → decoder → Controller → coils; the button sets HEAT and persists it", () => {
  const time = new VirtualTime(Date.UTC(2026, 0, 15, 23)); // a blue-day night (HC), as the capture says
  const store = new MemoryStore();
  const logger = { log: () => undefined };
  const core = createCore({ store, logger, ticMode: "historic", defaultLoads: [{ id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 }] });
  const coils: boolean[] = [false, false];
  let push: ((chunk: Uint8Array) => void) | undefined;
  let press: ((active: boolean) => void) | undefined;
  let frames = 0;
  const device = new Device({
    clock: time, timers: time, logger, store,
    system: { restart: () => undefined },
    meter: { onBytes: (h) => void (push = h), close: () => undefined },
    loads: { salon: { kind: "fil-pilote-2", outputs: [{ write: (on) => void (coils[0] = on) }, { write: (on) => void (coils[1] = on) }] } },
    redLed: { set: () => undefined },
    blueLed: { set: () => undefined },
    button: { read: () => false, onChange: (h) => void (press = h) },
    createDecoder: core.createDecoder,
    createEngine: core.createEngine,
  });
  device.onReading(() => void frames++);
  device.start();
  for (let i = 0; i < capture.length; i += 64) push!(capture.subarray(i, i + 64));
  assertEqual(frames, 10, "frames decoded");
  const snapshot = device.snapshot()!;
  assertEqual([snapshot.tariff.colour, snapshot.tariff.period, snapshot.tariff.tomorrow], ["blue", "hc", "red"], "tariff from the meter");
  assertEqual(coils, [false, false], "salon in confort on a blue night: no coil");
  press!(true);
  time.advance(200);
  press!(false);
  time.advance(100);
  assertEqual(device.snapshot()!.mode, "HEAT", "button short press");
  time.advance(10_000); // flash writes are debounced by the Controller (a few seconds)
  const owner = readJson(store, "app.owner").value as { mode?: string } | undefined;
  assertEqual(owner?.mode, "HEAT", "mode persisted");
});

await run("device");
