// Temperature probes: the kernel's w1 files (a fake sysfs in a temp dir), and the poller that hands readings to the
// Controller every 30 s, with a time-out for a stuck bus and one reading in flight per probe.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualTime } from "../../host-sim/virtual-time";
import { parseW1, w1Probe } from "../../hal/node/w1-probe";
import type { ControllerEvent } from "../../src/app/types";
import { PROBE_PERIOD_MS, PROBE_TIMEOUT_MS, startProbePolling } from "../../src/manager/probe-poller";
import { startSimulatedTanks } from "../../host-sim/tank";
import { reading } from "../app/readings";
import { virtualBox } from "../device/virtual-box";

describe("w1 files", () => {
  test.each([
    ["temperature", "54312\n", 54.312],
    ["temperature", "-1250\n", -1.25],
    ["temperature", "85000\n", null], // the power-on value: no conversion yet
    ["temperature", "garbage", null],
    ["w1_slave", "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n", 23.125],
    ["w1_slave", "72 01 4b 46 7f ff 0e 10 57 : crc=57 NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n", null],
  ] as const)("%s %j → %s", (file, text, c) => {
    expect(parseW1(text, file)).toBe(c);
  });

  test("the first 28-* device, its temperature file, else w1_slave; none → null", async () => {
    const root = mkdtempSync(join(tmpdir(), "w1-"));
    try {
      const read = (probe: ReturnType<typeof w1Probe>) => new Promise<number | null>((r) => probe.read(r));
      expect(await read(w1Probe(undefined, root))).toBeNull();
      mkdirSync(join(root, "w1_bus_master1"));
      mkdirSync(join(root, "28-0316a2794cff"));
      writeFileSync(join(root, "28-0316a2794cff", "w1_slave"), "aa : crc=57 YES\naa t=48500\n");
      expect(await read(w1Probe(undefined, root))).toBe(48.5);
      writeFileSync(join(root, "28-0316a2794cff", "temperature"), "51062\n");
      expect(await read(w1Probe("28-0316a2794cff", root))).toBe(51.062);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("probe poller", () => {
  test("reads at once and every 30 s; a probe that never answers is a null reading after 5 s, and is not asked twice meanwhile", () => {
    const time = new VirtualTime(Date.parse("2026-01-14T20:00:00Z"));
    const events: ControllerEvent[] = [];
    let stuckAsked = 0;
    const stop = startProbePolling({
      timers: time,
      dispatch: (e) => events.push(e),
      probes: {
        ballon: { read: (done) => time.setTimeout(() => done(52.5), 750) },
        stuck: { read: () => void stuckAsked++ },
      },
    });
    time.advance(1000);
    expect(events).toEqual([{ type: "tank-temperature", loadId: "ballon", temperatureC: 52.5 }]);
    time.advance(PROBE_TIMEOUT_MS);
    expect(events[1]).toEqual({ type: "tank-temperature", loadId: "stuck", temperatureC: null });
    time.advance(PROBE_PERIOD_MS);
    expect(events.filter((e) => e.type === "tank-temperature" && e.loadId === "ballon")).toHaveLength(2);
    expect(stuckAsked).toBe(2);
    stop();
    time.advance(10 * PROBE_PERIOD_MS);
    expect(events.filter((e) => e.type === "tank-temperature" && e.loadId === "ballon")).toHaveLength(2);
  });
});

describe("host-sim's simulated tanks", () => {
  test("a probed water heater gets a tank whose readings reach the Controller, and which heats while the load runs", () => {
    const { device, time, core } = virtualBox({
      atIso: "2026-01-14T12:00:00+01:00",
      defaultLoads: [{ id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true, heatIn: "any", legionella: false }],
    });
    device.start();
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: 1000 }) });
    const sim = startSimulatedTanks({ device, loads: core.settings.loads, timers: time });
    expect(device.snapshot()?.manager.tanks[0].temperatureC).toBe(45);
    time.advance(30 * 60_000);
    const t = device.snapshot()?.manager.tanks[0].temperatureC as number;
    expect(t).toBeGreaterThan(49); // 2.4 kW into 200 L for ~30 min: ≈ +5 °C
    sim.stop();
    device.stop();
  });
});

describe("tank facts", () => {
  test("a reading of a new temperature is a fact; the same temperature read again is not", () => {
    const { device, time } = virtualBox({
      atIso: "2026-01-14T12:00:00+01:00",
      defaultLoads: [{ id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true }],
    });
    device.start();
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: 1000 }) });
    const tankFacts = (t: number) => device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: t }).effects.filter((e) => e.type === "tank");
    expect(tankFacts(50)).toHaveLength(1);
    time.advance(30_000);
    expect(tankFacts(50)).toHaveLength(0);
    expect(device.snapshot()?.manager.tanks[0].readAtMs).toBe(time.nowMs());
    time.advance(30_000);
    expect(tankFacts(50.0625)).toEqual([expect.objectContaining({ type: "tank", id: "ballon", temperatureC: 50.0625 })]);
    device.stop();
  });
});
