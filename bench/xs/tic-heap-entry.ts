// XS script for bench/tic.ts, run by the xsnap-heap runner (bench/xs/xsnap-heap.mjs): chunk bytes (string
// characters, array items, buffers) and slots the decoder allocates per frame in steady state. Prints one JSON line.
import type { TicDecoder } from "../../src/tic/decoder";
import { decodeStream, historicStream, newDecoder, standardStream, type Stream } from "./tic-workload";

declare const print: (text: string) => void;
declare const gc: () => void;
/** Global of the xsnap-heap runner: XS's own chunk and slot accounting (bytes, slots). */
declare const heapStats: (reset: boolean) => { chunks: number; peakChunks: number; slots: number; peakSlots: number };

const FRAMES = 20;

/**
 * Growth of the chunk heap and slot count over one pass of `stream` through a warmed-up decoder, with a collection
 * just before. The heap starts at 32 MB of chunks, so no collection runs inside a pass; `collected` says if one did
 * (the peak then stands above what is in use), which would make the figure a floor, not the allocation.
 */
function allocation(stream: Stream, decoder: TicDecoder): { chunks: number; slots: number; collected: boolean } {
  gc();
  const before = heapStats(true);
  decodeStream(stream, decoder);
  const after = heapStats(false);
  return { chunks: after.chunks - before.chunks, slots: after.slots - before.slots, collected: after.peakChunks !== after.chunks || after.peakSlots !== after.slots };
}

const result: Record<string, unknown> = { frames: FRAMES };
for (const stream of [standardStream(FRAMES), historicStream(FRAMES)]) {
  const decoder = newDecoder(stream.mode);
  decodeStream(stream, decoder); // steady state: every per-label cache filled once
  decodeStream(stream, decoder);
  result[stream.mode] = allocation(stream, decoder);
}
print(JSON.stringify(result));
