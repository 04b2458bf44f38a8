// Heap slots the TIC decoder allocates on XS, read from the @agoric/xsnap worker's meter (currentHeapCount).
// A child process of bench/tic.ts: @endo/init locks the realm down, which the parent must not suffer.
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
const slots = async (code) => (await worker.evaluate(code)).meterUsage.currentHeapCount;
const compute = async (code) => (await worker.evaluate(code)).meterUsage.compute;
/** Live slots after gc, then after `step` with no gc in between: the difference is what the step allocated. */
async function cost(step) {
  await slots("gc()");
  const before = await slots("0");
  const after = await slots(`ticSlots.${step}()`);
  return after - before;
}
try {
  await worker.evaluate(fs.readFileSync(script, "utf8"));
  await slots(`ticSlots.prepare(${frames}, ${garbageBytes})`);
  const baseline = await cost("frames"); // the cost of an evaluate that does nothing
  const result = {
    frames,
    garbageBytes,
    baseline,
    cleanSlots: await cost("clean"),
    // XS's own instruction meter: deterministic, unlike wall time on a shared machine.
    cleanCompute: (await compute("ticSlots.clean()")) - (await compute("0")),
    noiseSlots: await cost("noise"),
    noiseLfSlots: await cost("noiseWithLineFeeds"),
    liveAfterCleanGc: await slots("ticSlots.clean(); gc(); 0"),
    liveAfterNoiseGc: await slots("ticSlots.noise(); ticSlots.noiseWithLineFeeds(); gc(); 0"),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await worker.close();
}
