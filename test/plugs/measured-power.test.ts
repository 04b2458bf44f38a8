// A plug's measured power in the budget: a running plug-fed load counts what it draws instead of its nominal while
// the measurement is fresh, an idle or stale one goes back to the nominal; an unreachable plug shows its last state.
import type { RemoteOutput } from "../../hal/types";
import type { Device } from "../../src/device/device";
import { MEASURED_FRESH_MS } from "../../src/loads/measured";
import { reading } from "../app/readings";
import { virtualBox } from "../device/virtual-box";

/** A plug as the Device sees it: takes contact levels, reports its contact and its power when the test says. */
class ReportingPlug implements RemoteOutput {
  contacts: boolean[] = [];
  private confirmed: ((on: boolean | null) => void) | undefined;
  private power: ((w: number | null) => void) | undefined;
  write(on: boolean): void {
    this.contacts.push(on);
  }
  onConfirmed(listener: (on: boolean | null) => void): void {
    this.confirmed = listener;
  }
  onPower(listener: (w: number | null) => void): void {
    this.power = listener;
  }
  report(contact: boolean | null, powerW?: number | null): void {
    this.confirmed?.(contact);
    if (powerW !== undefined) this.power?.(powerW);
  }
}

// 9 kVA − 500 W margin = 8500 W to hand out. The house draws 500 W besides our two loads. The base load is the meter
// minus what our running loads are counted at: a heater counted at its nominal 4000 W while it draws 1500 W makes
// that estimate negative, clamped to 0 — the budget then sees 4000 + 5000 W asked and keeps the dryer waiting.
const HOUSE_W = 500;
function makeBox() {
  const heater = new ReportingPlug();
  const dryer = new ReportingPlug();
  const { device, time } = virtualBox({
    atIso: "2026-01-15T10:00:00+01:00",
    defaultLoads: [
      { id: "heater", name: "Radiateur", kind: "relay", priority: 2, nominalPowerW: 4000, minOnMs: 0, minOffMs: 0 },
      { id: "dryer", name: "Sèche-linge", kind: "relay", priority: 3, nominalPowerW: 5000, minOnMs: 0, minOffMs: 0 },
    ],
    parts: () => ({ loads: { heater: { kind: "relay", outputs: [heater] }, dryer: { kind: "relay", outputs: [dryer] } } }),
  });
  device.start();
  return { device, time, heater, dryer };
}
const loadOf = (device: Device, id: string) => device.snapshot()?.loads.find((l) => l.id === id);

/** Frames every 2 s for `seconds`, the meter seeing the house and what each running load really draws. */
function frames(box: ReturnType<typeof makeBox>, seconds: number, drawW: Record<string, number>): void {
  for (let t = 0; t < seconds; t += 2) {
    box.time.advance(2000);
    let powerVA = HOUSE_W;
    for (const id of ["heater", "dryer"]) if (loadOf(box.device, id)?.on) powerVA += drawW[id];
    box.device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA, subscribedVA: 9000 }) });
  }
}

describe("measured power in the budget", () => {
  test("a heater drawing 1500 of its nominal 4000 W leaves room for the dryer; stale, it counts 4000 W again", () => {
    const box = makeBox();
    const draw = { heater: 1500, dryer: 5000 };
    frames(box, 10, draw);
    // By nominal powers: base max(0, 2000 − 4000) = 0, asked 4000 + 5000 = 9000 > 8500: the priority-3 dryer waits.
    expect(loadOf(box.device, "heater")).toMatchObject({ on: true, allocatedW: 4000, measuredW: null });
    expect(loadOf(box.device, "dryer")).toMatchObject({ on: false, reason: "budget" });
    box.heater.report(false, 1500);
    frames(box, 10, draw);
    // Base 2000 − 1500 = 500, asked 1500 + 5000: 7000 ≤ 8500, the dryer runs (and the meter then reads 7000 VA).
    expect(loadOf(box.device, "heater")).toMatchObject({ on: true, allocatedW: 1500, measuredW: 1500 });
    expect(loadOf(box.device, "dryer")).toMatchObject({ on: true });
    // Noise under the step does not move the allocation (no fact, no MQTT write per read).
    box.heater.report(false, 1530);
    expect(loadOf(box.device, "heater")?.allocatedW).toBe(1500);
    // No new reading for longer than the freshness window: the nominal again, and the dryer waits.
    frames(box, MEASURED_FRESH_MS / 1000 + 4, draw);
    expect(loadOf(box.device, "heater")).toMatchObject({ allocatedW: 4000, measuredW: null });
    expect(loadOf(box.device, "dryer")).toMatchObject({ on: false, reason: "budget" });
  });

  test("an idle reading (thermostat open) is not believed: the nominal stays, the load may start drawing it", () => {
    const box = makeBox();
    frames(box, 10, { heater: 0, dryer: 5000 });
    box.heater.report(false, 3);
    frames(box, 10, { heater: 0, dryer: 5000 });
    expect(loadOf(box.device, "heater")).toMatchObject({ allocatedW: 4000, measuredW: 3 });
    expect(loadOf(box.device, "dryer")).toMatchObject({ on: false, reason: "budget" });
  });

  test("unreachable: the snapshot says so with the last contact it confirmed, and the measurement is dropped", () => {
    const box = makeBox();
    frames(box, 4, { heater: 1500, dryer: 5000 });
    box.heater.report(false, 1500);
    expect(loadOf(box.device, "heater")).toMatchObject({ confirmed: false, unreachable: false, lastConfirmed: false, measuredW: 1500 });
    box.heater.report(null, null);
    expect(loadOf(box.device, "heater")).toMatchObject({ confirmed: null, unreachable: true, lastConfirmed: false, measuredW: null });
    box.heater.report(false, 1400);
    expect(loadOf(box.device, "heater")).toMatchObject({ confirmed: false, unreachable: false, measuredW: 1400 });
    // A GPIO load never reports: neither unreachable nor confirmed.
    expect(loadOf(box.device, "dryer")).toMatchObject({ confirmed: null, unreachable: false, lastConfirmed: null, measuredW: null });
  });
});
