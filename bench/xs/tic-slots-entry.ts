// XS script for bench/xs/tic-slots.mjs: exposes steps whose heap-slot cost the xsnap worker's meter reports.
// Never measures by itself: each step is one `evaluate`, and the parent reads currentHeapCount around it.
import { TicDecoder } from "../../src/tic/decoder";
import { decodeStream, garbageStream, standardStream, type Stream } from "./tic-workload";

let clean: Stream;
let noise: Stream;
let noiseLf: Stream;
let decoder: TicDecoder;
let lastFrames = 0;

(globalThis as Record<string, unknown>).ticSlots = {
  prepare(frames: number, garbageBytes: number): void {
    clean = standardStream(frames);
    noise = garbageStream(garbageBytes, false);
    noiseLf = garbageStream(garbageBytes, true);
    decoder = new TicDecoder({ mode: "standard", onFrame: () => lastFrames++ });
    decodeStream(clean, decoder); // reach steady state: maps sized, label table touched
  },
  clean: () => void decodeStream(clean, decoder),
  noise: () => void decodeStream(noise, decoder),
  noiseWithLineFeeds: () => void decodeStream(noiseLf, decoder),
  frames: () => lastFrames,
};
