// XS entry of bench/tic.ts, run by the xsnap command-line runner: decode time of a standard and a historic stream on XS.
// Prints one JSON line; never asserts anything.
import { decodeStream, historicStream, standardStream, type Stream } from "./tic-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };

const FRAMES = 200;
const ROUNDS = 5;

/** Median and best time of ROUNDS decodes of `stream`, each with a fresh decoder, after one warm-up. */
function timeStream(stream: Stream): { frames: number; framesSeen: number; medianMs: number; minMs: number } {
  decodeStream(stream);
  const roundsMs: number[] = [];
  let framesSeen = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    const decoder = decodeStream(stream);
    roundsMs.push(performance.now() - start);
    framesSeen = decoder.counters.frames;
  }
  roundsMs.sort((a, b) => a - b);
  return { frames: stream.frames, framesSeen, medianMs: roundsMs[Math.floor(ROUNDS / 2)], minMs: roundsMs[0] };
}

print(JSON.stringify({ standard: timeStream(standardStream(FRAMES)), historic: timeStream(historicStream(FRAMES)) }));
