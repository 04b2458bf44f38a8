// Property tests of the TIC decoder: random bytes, chunkings, bit flips, truncations and interleavings.
// The oracle is the simulated meter: every value the decoder reports must be one the meter really sent.
import fc from "fast-check";
import { SimulatedMeter, type SimulatedMeterOptions, type SimulatedMeterState } from "../../host-sim/meter/simulated-meter";
import { encodeHistoricFrame, withEvenParity } from "../../host-sim/meter/tic-encoder";
import { TicDecoder } from "../../src/tic/decoder";
import { TIC_LABELS } from "../../src/tic/labels";
import type { TicGroup, TicModeSetting, TicOverloadEvent, TicReading } from "../../src/tic/types";
import { concatByteList } from "../../lib/bytes";

interface Run {
  readings: TicReading[];
  groups: TicGroup[];
  overloads: TicOverloadEvent[];
  counters: TicDecoder["counters"];
}

function decodeChunks(chunks: Uint8Array[], mode: TicModeSetting = "auto", end = true): Run {
  const run: Run = { readings: [], groups: [], overloads: [], counters: undefined as never };
  const decoder = new TicDecoder({ mode, onFrame: (r) => run.readings.push(r), onGroup: (g) => run.groups.push(g), onOverload: (e) => run.overloads.push(e) });
  for (const chunk of chunks) decoder.push(chunk);
  if (end) decoder.end();
  run.counters = { ...decoder.counters };
  return run;
}

const decode = (bytes: Uint8Array, mode: TicModeSetting = "auto", end = true) => decodeChunks([bytes], mode, end);

const optionsArb: fc.Arbitrary<SimulatedMeterOptions> = fc.record({
  mode: fc.constantFrom("historic" as const, "standard" as const),
  contract: fc.constantFrom("tempo" as const, "hc-hp" as const, "base" as const),
  phases: fc.constantFrom(1 as const, 3 as const),
  subscribedKVA: fc.integer({ min: 3, max: 36 }),
});
const stateArb: fc.Arbitrary<Partial<SimulatedMeterState>> = fc.record({
  colour: fc.constantFrom("blue" as const, "white" as const, "red" as const),
  period: fc.constantFrom("hp" as const, "hc" as const),
  tomorrow: fc.constantFrom("blue" as const, "white" as const, "red" as const, "unknown" as const),
  powerVA: fc.integer({ min: 0, max: 40_000 }),
});

/** A stream of frames from one simulated meter, with the groups it encoded (the oracle). */
const streamArb = fc.tuple(optionsArb, fc.array(stateArb, { minLength: 1, maxLength: 4 })).map(([options, states]) => {
  const meter = new SimulatedMeter(options);
  const frames: Uint8Array[] = [];
  const sent = new Set<string>();
  let atMs = Date.UTC(2026, 0, 15, 12);
  for (const state of states) {
    atMs += 1700;
    meter.setState({ ...state, atMs });
    frames.push(meter.frame());
    // A three-phase historic meter in overrun may have sent a short frame: both kinds are what it "sent".
    if (options.mode === "historic") for (const [label, data] of [...meter.historicGroups(), ...meter.shortFrameGroups()]) sent.add(`${label}=${data}`);
    else for (const g of meter.standardGroups()) sent.add(`${g.label}=${g.data}`);
  }
  return { options, frames, bytes: concatByteList(frames), sent };
});

const withoutCounters = (r: TicReading) => ({ ...r, counters: undefined });

test("random bytes: never a throw, counters add up, only known labels come out", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom<TicModeSetting>("auto", "historic", "standard"), (bytes, mode) => {
      const run = decode(bytes, mode);
      expect(run.groups.length).toBe(run.counters.groupsOk);
      const names = new Set(TIC_LABELS.map((l) => l.name));
      for (const g of run.groups) expect(names.has(g.label)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test("random bytes made of TIC-like characters: never a throw", () => {
  const ticChar = fc.constantFrom(0x02, 0x03, 0x04, 0x0a, 0x0d, 0x09, 0x20, 0x30, 0x31, 0x41, 0x50, 0x54, 0x45, 0x43, 0x8d, 0x82);
  fc.assert(
    fc.property(fc.array(ticChar, { maxLength: 2000 }), (codes) => {
      const run = decode(Uint8Array.from(codes));
      expect(run.counters.frames).toBe(run.readings.length);
    }),
    { numRuns: 300 },
  );
});

test("any chunking gives identical events", () => {
  fc.assert(
    fc.property(streamArb, fc.array(fc.integer({ min: 0, max: 1 << 16 }), { maxLength: 20 }), ({ bytes }, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let from = 0;
      for (const p of points) {
        chunks.push(bytes.subarray(from, p));
        from = p;
      }
      chunks.push(bytes.subarray(from));
      expect(decodeChunks(chunks)).toEqual(decode(bytes));
    }),
    { numRuns: 150 },
  );
});

test("clean streams decode to one reading per frame, no bad group", () => {
  fc.assert(
    fc.property(streamArb, ({ bytes, frames, sent }) => {
      const run = decode(bytes);
      expect(run.readings.length).toBe(frames.length);
      expect(run.counters.groupsBad).toBe(0);
      for (const g of run.groups) expect(sent.has(`${g.label}=${g.data}`)).toBe(true);
    }),
    { numRuns: 100 },
  );
});

/** Byte ranges [LF, CR] of every group in a stream. */
function groupSpans(bytes: Uint8Array): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = -1;
  bytes.forEach((b, i) => {
    if (b === 0x0a) start = i;
    else if (b === 0x0d && start >= 0) {
      spans.push([start, i]);
      start = -1;
    }
  });
  return spans;
}

test("one bit flipped (bits 0–6) in any number of groups: every value that comes out is one the meter sent", () => {
  fc.assert(
    fc.property(streamArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 8 }), ({ bytes, sent }, flips) => {
      const spans = groupSpans(bytes);
      const damaged = bytes.slice();
      const used = new Set<number>();
      for (const [g, offset, bit] of flips) {
        const which = g % spans.length;
        if (used.has(which)) continue; // two flips in one group can cancel in a 6-bit sum: outside the TIC's guarantee
        used.add(which);
        const [from, to] = spans[which];
        damaged[from + (offset % (to - from + 1))] ^= 1 << bit;
      }
      const run = decode(damaged);
      for (const g of run.groups) expect(sent.has(`${g.label}=${g.data}`)).toBe(true);
      expect(run.counters.groupsOk).toBeLessThanOrEqual(spans.length - used.size); // each damaged group is lost
      for (const r of run.readings) if (r.apparentPowerVA !== undefined) expect(sent.has(`${r.mode === "historic" ? "PAPP" : "SINSTS"}=${String(r.apparentPowerVA).padStart(5, "0")}`)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test("a flipped data digit never reaches a group, a reading or an overload", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 7 }), (papp, digit, bit) => {
      const data = String(papp).padStart(5, "0");
      const frame = withEvenParity(encodeHistoricFrame([["ISOUSC", "30"], ["PAPP", data], ["IINST", "002"]]));
      const at = Array.from(frame).findIndex((_b, i) => String.fromCharCode(...Array.from(frame.subarray(i, i + 5), (b) => b & 0x7f)) === "PAPP ") + 5 + digit;
      frame[at] ^= 1 << bit;
      const flipped = String.fromCharCode(...Array.from(frame.subarray(at - digit, at - digit + 5), (b) => b & 0x7f));
      const run = decode(frame);
      expect(run.groups.some((g) => g.label === "PAPP")).toBe(false);
      expect(run.groups.some((g) => g.data === flipped)).toBe(false);
      expect(run.readings[0].apparentPowerVA).toBeUndefined();
      expect(run.readings[0].currentsA).toEqual([2]);
      expect(run.counters.parityErrors).toBe(1);
    }),
    { numRuns: 300 },
  );
});

test("truncated anywhere: the readings are a prefix of the full stream's readings", () => {
  fc.assert(
    fc.property(streamArb, fc.nat(), ({ bytes }, cut) => {
      const full = decode(bytes).readings;
      const part = decode(bytes.subarray(0, cut % (bytes.length + 1))).readings;
      expect(part).toEqual(full.slice(0, part.length));
    }),
    { numRuns: 150 },
  );
});

test("frames interleaved with garbage and with the other mode's frames: every clean frame is read exactly", () => {
  const itemArb = fc.oneof(
    fc.constant<{ kind: "frame" }>({ kind: "frame" }),
    fc.uint8Array({ maxLength: 300 }).map((noise) => ({ kind: "noise" as const, noise })),
    fc.constant<{ kind: "foreign" }>({ kind: "foreign" }),
  );
  fc.assert(
    fc.property(streamArb, fc.array(itemArb, { maxLength: 12 }), ({ options, frames }, items) => {
      const foreign = new SimulatedMeter({ ...options, mode: options.mode === "historic" ? "standard" : "historic", meterId: "099999999999" }).frame();
      const parts: Uint8Array[] = [];
      const expected: TicReading[] = [];
      let next = 0;
      for (const item of [...items, ...frames.map(() => ({ kind: "frame" as const }))]) {
        if (item.kind === "noise") parts.push(item.noise, Uint8Array.of(0x0d)); // the CR closes any group the noise opened
        else if (item.kind === "foreign") parts.push(foreign);
        else {
          const frame = frames[next++ % frames.length];
          parts.push(frame);
          expected.push(...decode(frame, options.mode).readings);
        }
      }
      const run = decode(concatByteList(parts), options.mode);
      expect(run.readings.map(withoutCounters)).toEqual(expected.map(withoutCounters));
    }),
    { numRuns: 150 },
  );
});
