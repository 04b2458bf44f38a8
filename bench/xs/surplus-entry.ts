// XS entry of bench/surplus.ts: the sunny hour with routing on and off, and the router's step alone, on XS: time and
// compute units (deterministic). Prints one JSON line; asserts nothing.
import { FRAMES_PER_HOUR, runHour, runSteps, surplusHour } from "./surplus-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };
declare const resetMeter: (limit: number, index: number) => number;

const STEPS = 720;
const work = surplusHour();
runHour(work, true);
runHour(work, false);
const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
const onMs: number[] = [];
const offMs: number[] = [];
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  runHour(work, true);
  onMs.push(performance.now() - t);
  t = performance.now();
  runHour(work, false);
  offMs.push(performance.now() - t);
}
resetMeter(0, 0);
const facts = runHour(work, true);
const onCompute = resetMeter(0, 0);
runHour(work, false);
const offCompute = resetMeter(0, 0);
const switches = runSteps(work.startMs, STEPS);
const stepCompute = resetMeter(0, 0);
print(JSON.stringify({ frames: FRAMES_PER_HOUR, facts, onMs: median(onMs), offMs: median(offMs), onCompute, offCompute, steps: STEPS, switches, stepCompute }));
