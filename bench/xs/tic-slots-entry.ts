// XS script for bench/xs/tic-slots.mjs: exposes steps whose heap-slot cost the xsnap worker's meter reports.
// Never measures by itself: each step is one `evaluate`, and the parent reads currentHeapCount around it.
import type { TicDecoder } from "../../src/tic/decoder";
import { decodeStream, garbageStream, historicStream, newDecoder, standardStream, type Stream } from "./tic-workload";

let standard: Stream;
let historic: Stream;
let noise: Stream;
let noiseLf: Stream;
let standardDecoder: TicDecoder;
let historicDecoder: TicDecoder;

(globalThis as Record<string, unknown>).ticSlots = {
  prepare(frames: number, garbageBytes: number): void {
    standard = standardStream(frames);
    historic = historicStream(frames);
    noise = garbageStream(garbageBytes, false);
    noiseLf = garbageStream(garbageBytes, true);
    standardDecoder = newDecoder("standard");
    historicDecoder = newDecoder("historic");
    // Reach steady state: the label table touched, every per-label cache filled once.
    decodeStream(standard, standardDecoder);
    decodeStream(historic, historicDecoder);
  },
  standard: () => void decodeStream(standard, standardDecoder),
  historic: () => void decodeStream(historic, historicDecoder),
  noise: () => void decodeStream(noise, standardDecoder),
  noiseWithLineFeeds: () => void decodeStream(noiseLf, standardDecoder),
  frames: () => standardDecoder.counters.frames + historicDecoder.counters.frames,
};
