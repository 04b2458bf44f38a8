// XS entry of bench/tic.ts, run by the xsnap command-line runner: decode time of a standard-mode stream on XS.
// Prints one JSON line; never asserts anything.
import { decodeStream, standardStream } from "./tic-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };

const FRAMES = 200;
const ROUNDS = 5;
const stream = standardStream(FRAMES);
decodeStream(stream); // warm-up
const roundsMs: number[] = [];
let framesSeen = 0;
for (let r = 0; r < ROUNDS; r++) {
  const start = performance.now();
  const decoder = decodeStream(stream);
  roundsMs.push(performance.now() - start);
  framesSeen = decoder.counters.frames;
}
roundsMs.sort((a, b) => a - b);
print(JSON.stringify({ bytes: stream.bytes, frames: FRAMES, framesSeen, medianMs: roundsMs[Math.floor(ROUNDS / 2)], minMs: roundsMs[0] }));
