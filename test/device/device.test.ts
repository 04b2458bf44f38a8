import type { CommandOutcome, ControllerEvent, ControllerSnapshot, LoadConfig, OwnerMode, PersistedState } from "../../src/app/types";
import { Device, type DeviceParts, type Engine } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { readJson } from "../../src/device/json-store";
import { VirtualTime } from "../../host-sim/virtual-time";

/** A stand-in Controller: records events, refuses HEAT when told to, persists the mode like the real one. */
class FakeEngine implements Engine {
  events: ControllerEvent[] = [];
  mode: OwnerMode;
  refuseHeat = false;
  targetTemperatureC = 19;
  displayUnits: "celsius" | "fahrenheit" = "celsius";
  constructor(readonly persisted: PersistedState) {
    this.mode = persisted.owner?.mode ?? "AUTO";
  }
  command(event: ControllerEvent): CommandOutcome {
    this.events.push(event);
    if (event.type !== "mode-request") return { effects: [] };
    if (event.mode === "HEAT" && this.refuseHeat) return { effects: [{ type: "refused", request: "HEAT", reason: "red_peak" }], refused: "red_peak" };
    this.mode = event.mode;
    const heat = event.mode === "HEAT";
    return {
      effects: [
        { type: "mode", mode: event.mode, reason: event.source },
        { type: "load", id: "salon", on: heat, level: heat ? "normal" : "off", order: heat ? "confort" : "hors-gel", allocatedW: 0, reason: "normal", detail: "" },
        { type: "persist", key: "owner", value: { mode: event.mode, heatUntilMs: null, overrides: {} } },
      ],
    };
  }
  settings(): { loads: LoadConfig[] } {
    return { loads: [{ id: "salon", name: "Salon", kind: "fil-pilote-2", shedOrder: "hors-gel", priority: 2, nominalPowerW: 2000, shedBy: [], minOnMs: 0, minOffMs: 0, maxSwitchesPerDay: 48 }] };
  }
  snapshot(): ControllerSnapshot {
    const t = { targetTemperatureC: this.targetTemperatureC, displayUnits: this.displayUnits };
    return { mode: this.mode, thermostat: t, loads: [], tariff: { tomorrow: "unknown" }, meter: { status: "ok" }, overload: { unresolved: false } } as unknown as ControllerSnapshot;
  }
}

function makeDevice(store = new MemoryStore(), buttonAtBoot = false) {
  const time = new VirtualTime(Date.UTC(2026, 0, 15, 9));
  const coils: boolean[][] = [[], []];
  const blue: boolean[] = [];
  let red = false;
  let buttonHandler: ((active: boolean) => void) | undefined;
  const restarts: string[] = [];
  let engine: FakeEngine | undefined;
  let meterHandler: ((chunk: Uint8Array) => void) | undefined;
  const pushed: Uint8Array[] = [];
  const parts: DeviceParts = {
    clock: time,
    timers: time,
    logger: { log: () => undefined },
    store,
    system: { restart: (why) => void restarts.push(why) },
    meter: { onBytes: (h) => void (meterHandler = h), close: () => undefined },
    loads: { salon: { kind: "fil-pilote-2", outputs: [{ write: (on) => void coils[0].push(on) }, { write: (on) => void coils[1].push(on) }] } },
    redLed: { set: (on) => void (red = on) },
    blueLed: { set: (on) => void blue.push(on) },
    button: { read: () => buttonAtBoot, onChange: (h) => void (buttonHandler = h) },
    createDecoder: () => ({ push: (chunk) => void pushed.push(chunk) }),
    createEngine: (persisted) => (engine = new FakeEngine(persisted)),
  };
  const device = new Device(parts);
  return {
    device, time, coils, blue, restarts, store, pushed,
    red: () => red,
    engine: () => engine!,
    press: (active: boolean) => buttonHandler!(active),
    meterBytes: (b: Uint8Array) => meterHandler!(b),
  };
}

describe("Device wiring", () => {
  test("outputs are released and the red LED is lit before the Controller exists", () => {
    const d = makeDevice();
    expect(d.coils).toEqual([[false], [false]]);
    expect(d.red()).toBe(true);
    expect(d.device.snapshot()).toBeUndefined();
  });

  test("meter bytes reach the decoder; the Controller ticks every second", () => {
    const d = makeDevice();
    d.device.start();
    d.meterBytes(new Uint8Array([2, 10, 3]));
    d.time.advance(3000);
    expect(d.pushed).toHaveLength(1);
    expect(d.engine().events.filter((e) => e.type === "tick").length).toBe(4);
  });

  test("a short button press toggles AUTO → HEAT: coils follow, the mode persists and comes back after a restart", () => {
    const store = new MemoryStore();
    const d = makeDevice(store);
    d.device.start();
    d.press(true);
    d.time.advance(200);
    d.press(false);
    d.time.advance(100);
    expect(d.engine().mode).toBe("HEAT");
    expect(d.coils.map((c) => c[c.length - 1])).toEqual([false, false]); // confort: no coil
    expect(readJson(store, "app.owner").value).toEqual({ mode: "HEAT", heatUntilMs: null, overrides: {} });
    d.device.stop();
    const again = makeDevice(store);
    again.device.start();
    expect(again.engine().persisted.owner?.mode).toBe("HEAT");
    again.device.requestMode("AUTO", "homekit");
    expect(again.coils.map((c) => c[c.length - 1])).toEqual([true, false]); // hors-gel: negative half-wave
  });

  test("a refused HEAT answers AUTO and the blue LED shows the refusal for 2 s", () => {
    const d = makeDevice();
    d.device.start();
    d.device.setConnectivity("paired");
    d.engine().refuseHeat = true;
    expect(d.device.requestMode("HEAT", "homekit")).toBe("AUTO");
    expect(d.device.ledPattern()).toBe("refused");
    d.time.advance(2100);
    expect(d.device.ledPattern()).toBe("normal");
  });

  test("holding the button 11 s then releasing factory-resets and restarts; the LED went out first", () => {
    const store = new MemoryStore();
    store.set("wifi.ssid", new Uint8Array([65]));
    store.set("fx.serial", new Uint8Array([66]));
    const d = makeDevice(store);
    d.device.start();
    d.press(true);
    d.time.advance(3100);
    expect(d.device.ledPattern()).toBe("reset-armed");
    d.time.advance(7400);
    expect(d.device.ledPattern()).toBe("reset-ready");
    const dark = d.blue.slice(-10);
    expect(dark.every((on) => !on)).toBe(true);
    d.press(false);
    d.time.advance(100);
    expect(d.restarts).toEqual(["factory reset"]);
    expect(store.keys()).toEqual(["fx.resets", "fx.serial"]);
  });

  test("a button held at power-up never resets the box", () => {
    const store = new MemoryStore();
    store.set("wifi.ssid", new Uint8Array([65]));
    const d = makeDevice(store, true);
    d.device.start();
    d.time.advance(15000);
    d.press(false);
    d.time.advance(100);
    expect(d.restarts).toEqual([]);
    expect(store.keys()).toEqual(["wifi.ssid"]);
    expect(d.engine().events.some((e) => e.type === "mode-request")).toBe(false);
  });
});
