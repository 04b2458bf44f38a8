// A load switched over the network (a smart plug) instead of a GPIO: the Device drives it through the same kind
// driver, and what the plug reports (its real state, or no answer) reaches the snapshot as `confirmed`.
import type { RemoteOutput, SetpointOutput } from "../../hal/types";
import type { Device } from "../../src/device/device";
import { reading } from "../app/readings";
import { virtualBox } from "./virtual-box";

/** A plug as its API behaves: it takes a command, and later answers with the state it has (or never answers). */
class FakePlug implements RemoteOutput {
  commands: boolean[] = [];
  private listener: ((on: boolean | null) => void) | undefined;
  write(on: boolean): void {
    this.commands.push(on);
  }
  onConfirmed(listener: (on: boolean | null) => void): void {
    this.listener = listener;
  }
  answer(on: boolean | null): void {
    this.listener?.(on);
  }
}

function makeBox() {
  const plug = new FakePlug();
  const setpoints: number[] = [];
  const setpoint: SetpointOutput = { setPowerW: (w) => void setpoints.push(w) };
  const { device, time } = virtualBox({
    atIso: "2026-01-15T05:59:00+01:00",
    defaultLoads: [
      { id: "plug", name: "Radiateur bureau", kind: "relay", priority: 3, nominalPowerW: 1000 },
      { id: "ev", name: "Borne", kind: "modulating", priority: 4, nominalPowerW: 7000, minPowerW: 1400, shedBy: ["red_peak", "overload"] },
    ],
    parts: () => ({ loads: { plug: { kind: "relay", outputs: [plug] }, ev: { kind: "modulating", outputs: [], setpoint } } }),
  });
  device.start();
  return { device, time, plug, setpoints };
}

const loadOf = (device: Device, id: string) => device.snapshot()?.loads.find((l) => l.id === id);

describe("remote outputs and setpoints", () => {
  test("a plug is released at boot, cut on a red peak through its driver, and its answers show as confirmed", () => {
    const { device, time, plug } = makeBox();
    expect(plug.commands[0]).toBe(false); // released first: the load runs as without the box
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 1500, subscribedVA: 12000 }) });
    expect(loadOf(device, "plug")?.confirmed).toBeNull();
    plug.answer(false);
    expect(loadOf(device, "plug")).toMatchObject({ on: true, confirmed: false });
    time.advance(60_000); // 06:00: the red peak
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "red", period: "hp", powerVA: 1500, subscribedVA: 12000 }) });
    expect(loadOf(device, "plug")).toMatchObject({ on: false, reason: "red_peak" });
    expect(plug.commands[plug.commands.length - 1]).toBe(true); // coil energised = shed (normally-closed contact)
    plug.answer(true);
    expect(loadOf(device, "plug")?.confirmed).toBe(true);
    plug.answer(null); // the plug stops answering: unknown, not a guess
    expect(loadOf(device, "plug")?.confirmed).toBeNull();
  });

  test("a setpoint load gets its share of the budget in 100 W steps, 0 below its minimum and on a red peak", () => {
    const { device, time, setpoints } = makeBox();
    expect(setpoints[0]).toBe(0);
    // 12 kVA − 500 W margin − 1500 VA of house − 1000 W plug = 9000 W left: the charger wants 7000 W and gets it.
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 1500, subscribedVA: 12000 }) });
    time.advance(3000);
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 9550, subscribedVA: 12000 }) });
    expect(loadOf(device, "ev")).toMatchObject({ on: true, level: "normal" });
    expect(setpoints[setpoints.length - 1]).toBe(loadOf(device, "ev")?.allocatedW);
    expect((loadOf(device, "ev")?.allocatedW ?? 0) % 100).toBe(0);
    // The house alone now takes nearly everything: 1000 W would be left, below the charger's 1400 W minimum.
    time.advance(3000);
    const before = setpoints.length;
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 16500, subscribedVA: 12000 }) });
    time.advance(120_000);
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 10500, subscribedVA: 12000 }) });
    expect(setpoints.length).toBeGreaterThan(before);
    expect(loadOf(device, "ev")).toMatchObject({ on: false });
    expect(setpoints[setpoints.length - 1]).toBe(0);
  });
});
