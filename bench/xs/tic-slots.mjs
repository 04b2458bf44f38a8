// Heap slots and compute units the TIC decoder spends on XS, read from the @agoric/xsnap worker's meter
// (currentHeapCount, compute). A child process of bench/tic.ts and test/tic/decoder-slots.test.ts: @endo/init locks
// the realm down, which the parent must not suffer. Prints one JSON line; never asserts anything.
import "@endo/init";
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import { xsnap } from "@agoric/xsnap";

const [script, framesArg, garbageArg] = process.argv.slice(2);
const frames = Number(framesArg);
const garbageBytes = Number(garbageArg);
const worker = await xsnap({ os: os.type(), spawn, fs: { ...fs, ...fsp }, meteringLimit: 0, name: "tic-slots" });
const meter = async (code) => (await worker.evaluate(code)).meterUsage;
/** Live slots after gc, then after `step` with no gc in between: the difference is what the step allocated. */
async function slots(step) {
  await meter("gc()");
  const before = (await meter("0")).currentHeapCount;
  const after = (await meter(`ticSlots.${step}()`)).currentHeapCount;
  return after - before;
}
/** XS's own instruction meter: deterministic, unlike wall time on a shared machine. */
async function compute(step) {
  return (await meter(`ticSlots.${step}()`)).compute - (await meter("0")).compute;
}
try {
  await worker.evaluate(fs.readFileSync(script, "utf8"));
  await meter(`ticSlots.prepare(${frames}, ${garbageBytes})`);
  const baseline = await slots("frames"); // the cost of an evaluate that does nothing
  const result = {
    frames,
    garbageBytes,
    baseline,
    standardSlots: (await slots("standard")) - baseline,
    standardCompute: await compute("standard"),
    historicSlots: (await slots("historic")) - baseline,
    historicCompute: await compute("historic"),
    noiseSlots: (await slots("noise")) - baseline,
    noiseLfSlots: (await slots("noiseWithLineFeeds")) - baseline,
    liveAfterGc: (await meter("ticSlots.standard(); ticSlots.historic(); gc(); 0")).currentHeapCount,
    liveAfterNoiseGc: (await meter("ticSlots.noise(); ticSlots.noiseWithLineFeeds(); gc(); 0")).currentHeapCount,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await worker.close();
}
