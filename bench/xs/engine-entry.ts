// XS entry of bench/engine.ts: one hour of Controller events, and the TIC decode of as many frames, on XS: time, and
// XS's own instruction meter (compute units, deterministic where time is not). Prints one JSON line; asserts nothing.
import { engineHour, runEngine } from "./engine-workload";
import { decodeStream, standardStream } from "./tic-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };
/** xsnap's meter: returns the compute units counted so far and restarts the count at `index`. */
declare const resetMeter: (limit: number, index: number) => number;

const ROUNDS = 5;
const work = engineHour();
const stream = standardStream(work.frames);
runEngine(work);
decodeStream(stream);
const engineMs: number[] = [];
const decodeMs: number[] = [];
let effects = 0;
for (let r = 0; r < ROUNDS; r++) {
  let start = performance.now();
  effects = runEngine(work);
  engineMs.push(performance.now() - start);
  start = performance.now();
  decodeStream(stream);
  decodeMs.push(performance.now() - start);
}
resetMeter(0, 0);
runEngine(work);
const engineCompute = resetMeter(0, 0);
decodeStream(stream);
const decodeCompute = resetMeter(0, 0);
const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
print(JSON.stringify({ events: work.events.length, frames: work.frames, effects, engineMs: median(engineMs), decodeMs: median(decodeMs), engineCompute, decodeCompute }));
