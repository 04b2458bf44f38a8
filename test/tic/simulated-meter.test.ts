// The simulated meter and the decoder agree: what SimulatedMeter encodes is exactly what TicDecoder reads back.
// Expectations are read from the meter's own state and accessors wherever it has them, so the two cannot drift.
import { horodateAt, SimulatedMeter, type SimulatedMeterOptions, type SimulatedMeterState } from "../../host-sim/meter/simulated-meter";
import { encodeStandardFrame, withEvenParity } from "../../host-sim/meter/tic-encoder";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicOverloadEvent, TicReading } from "../../src/tic/types";
import { concatByteList } from "../../lib/bytes";

function decode(bytes: Uint8Array, mode: "historic" | "standard" | "auto" = "auto") {
  const order: string[] = [];
  const readings: TicReading[] = [];
  const overloads: TicOverloadEvent[] = [];
  const decoder = new TicDecoder({
    mode,
    onFrame: (r) => {
      readings.push(r);
      order.push("frame");
    },
    onOverload: (e) => {
      overloads.push(e);
      order.push(`overload:${e.source}`);
    },
  });
  decoder.push(bytes);
  return { readings, overloads, order, counters: decoder.counters };
}

const JAN_15_NOON_UTC = Date.UTC(2026, 0, 15, 12);
const modes = ["historic", "standard"] as const;
const contracts = ["tempo", "hc-hp", "base"] as const;
const phases = [1, 3] as const;
const cases = modes.flatMap((mode) => contracts.flatMap((contract) => phases.map((p) => ({ mode, contract, phases: p, subscribedKVA: 9 }))));

describe.each(cases)("%o", (options: SimulatedMeterOptions) => {
  const states: SimulatedMeterState[] = [
    { colour: "blue", period: "hp", tomorrow: "unknown", powerVA: 1230, atMs: JAN_15_NOON_UTC },
    { colour: "white", period: "hc", tomorrow: "red", powerVA: 480, atMs: JAN_15_NOON_UTC + 3_600_000 },
    { colour: "red", period: "hp", tomorrow: "blue", powerVA: 4600, atMs: JAN_15_NOON_UTC + 7_200_000 },
  ];

  test.each(states)("reads back %o", (state) => {
    const meter = new SimulatedMeter(options);
    meter.setState(state);
    const { readings, counters } = decode(meter.frame());
    expect(counters).toMatchObject({ frames: 1, groupsBad: 0, parityErrors: 0 });
    const r = readings[0];
    expect(r.mode).toBe(options.mode);
    expect(r.meterId).toBe("021861348497");
    expect(r.contract).toBe(options.contract);
    expect(r.apparentPowerVA).toBe(state.powerVA);
    expect(r.currentsA).toHaveLength(options.phases);
    expect(r.warnings).toEqual([]);
    expect(r.overload.active).toBe(false);
    if (options.contract === "tempo") {
      expect(r.current).toMatchObject({ colour: state.colour, period: state.period });
      expect(r.tomorrow.colour).toBe(state.tomorrow);
    } else if (options.contract === "hc-hp") {
      expect(r.current).toMatchObject({ colour: "none", period: state.period });
    } else {
      expect(r.current).toMatchObject({ colour: "none", period: "none" });
    }
    const label = options.mode === "standard" ? `EASF0${meter.supplierIndex()}` : undefined;
    if (label) expect(r.indexesWh[label]).toBe(meter.indexValueWh(meter.supplierIndex()));
    if (options.mode === "standard") {
      expect(r.meterTime).toBe(horodateAt(state.atMs));
      expect(r.subscribedPowerVA).toBe(9000);
      expect(r.stge?.supplierIndex).toBe(meter.supplierIndex());
      expect(r.current.source).toBe("NTARF");
    } else {
      expect(r.subscribedPowerVA).toBe(9000); // three-phase: ISOUSC is per phase
      expect(r.current.source).toBe("PTEC");
    }
  });

  test("an overrun is reported at its group, before the frame ends", () => {
    const meter = new SimulatedMeter(options, { powerVA: 12_000 });
    const { readings, order } = decode(meter.frame());
    expect(readings[0].overload.active).toBe(true);
    const first = order.indexOf("frame");
    const overloadsBefore = order.slice(0, first).filter((e) => e.startsWith("overload"));
    expect(overloadsBefore.length).toBeGreaterThan(0);
    if (options.mode === "standard") expect(readings[0].overload.sources).toEqual(["STGE", "SINSTS>PREF"]);
    else if (options.phases === 1) expect(readings[0].overload.sources).toEqual(["ADPS", "IINST>ISOUSC"]);
  });

  test("indexes grow with the energy drawn", () => {
    const meter = new SimulatedMeter(options, { powerVA: 2000, atMs: JAN_15_NOON_UTC, period: "hp", colour: "blue" });
    const before = decode(meter.frame()).readings[0].indexesWh;
    meter.setState({ atMs: JAN_15_NOON_UTC + 30 * 60_000 }); // 2000 VA for half an hour = 1000 Wh
    const after = decode(meter.frame()).readings[0].indexesWh;
    const grown = Object.keys(after).filter((k) => after[k] !== before[k]);
    for (const k of grown) expect(after[k] - before[k]).toBe(1000);
    expect(grown.length).toBe(options.mode === "standard" ? 3 : 1); // standard: EAST, EASD01 and the EASF index
  });
});

test("a three-phase historic meter in overrun sends 20 short ADIR frames, then a long one", () => {
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 3, subscribedKVA: 9 }, { powerVA: 12_000 });
  const frames: Uint8Array[] = [];
  for (let i = 0; i < 42; i++) frames.push(meter.frame());
  const { readings, overloads } = decode(concatByteList(frames));
  expect(readings.map((r) => (r.shortFrame ? "s" : "L")).join("")).toBe(`${"s".repeat(20)}L${"s".repeat(20)}L`);
  expect(readings[0]).toMatchObject({ overload: { active: true, sources: ["ADIR1", "ADIR2", "ADIR3"] }, currentsA: [17, 17, 17] });
  expect(readings[20].current).toMatchObject({ colour: "blue", period: "hp" });
  expect(overloads.filter((o) => o.source === "ADIR1")).toHaveLength(40);
  meter.setState({ powerVA: 3000 });
  expect(decode(meter.frame()).readings[0]).toMatchObject({ shortFrame: false, overload: { active: false } });
});

test("the horodate follows French time: H in winter, E in summer, switching at 01:00 UTC", () => {
  expect(horodateAt(Date.UTC(2026, 0, 15, 12, 34, 56))).toBe("H260115133456");
  expect(horodateAt(Date.UTC(2026, 6, 14, 12, 0, 0))).toBe("E260714140000");
  // 2026-03-29 is the last Sunday of March.
  expect(horodateAt(Date.UTC(2026, 2, 29, 0, 59, 59))).toBe("H260329015959");
  expect(horodateAt(Date.UTC(2026, 2, 29, 1, 0, 0))).toBe("E260329030000");
});

test("a stream of simulated frames read as 8N1 decodes with zero parity errors", () => {
  const meter = new SimulatedMeter({ mode: "standard", contract: "tempo", phases: 3, subscribedKVA: 12 });
  const frames: Uint8Array[] = [];
  for (let i = 0; i < 5; i++) {
    meter.setState({ atMs: JAN_15_NOON_UTC + i * 1500, powerVA: 1000 + i });
    frames.push(meter.frame());
  }
  const { readings, counters } = decode(withEvenParity(concatByteList(frames)), "standard");
  expect(counters).toMatchObject({ frames: 5, groupsBad: 0, parityErrors: 0 });
  expect(readings.map((r) => r.apparentPowerVA)).toEqual([1000, 1001, 1002, 1003, 1004]);
});

test("encodeStandardFrame round-trips a horodate with a SP season and an empty DATE", () => {
  const bytes = encodeStandardFrame([
    { label: "DATE", data: "", horodate: "H200214230804" },
    { label: "DPM1", data: "00", horodate: " 200214060000" },
    { label: "LTARF", data: "   HC  BLANC    " },
  ]);
  const groups: unknown[] = [];
  new TicDecoder({ mode: "standard", onGroup: (g) => groups.push(g) }).push(bytes);
  expect(groups).toEqual([
    { label: "DATE", data: "", horodate: "H200214230804" },
    { label: "DPM1", data: "00", horodate: " 200214060000" },
    { label: "LTARF", data: "   HC  BLANC    " },
  ]);
});
