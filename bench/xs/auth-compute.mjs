// Compute units of one owner-password check on XS, read from the @agoric/xsnap worker's meter.
// A child process of bench/auth.ts: @endo/init locks the realm down, which the parent must not suffer.
import "@endo/init";
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import { xsnap } from "@agoric/xsnap";

const [script, ...iterationList] = process.argv.slice(2);
const worker = await xsnap({ os: os.type(), spawn, fs: { ...fs, ...fsp }, meteringLimit: 0, name: "auth-compute" });
const compute = async (code) => (await worker.evaluate(code)).meterUsage.compute;
try {
  await worker.evaluate(fs.readFileSync(script, "utf8"));
  const empty = await compute("0");
  const result = [];
  for (const [i, text] of iterationList.entries()) {
    const units = (await compute(`authCompute.check(${Number(text)})`)) - empty;
    // The check's slices yield to resolved promises only: the evaluate must have run it to the end.
    await worker.evaluate(`if (authCompute.finished() !== ${i + 1}) throw Error("check not finished inside its evaluate")`);
    result.push({ iterations: Number(text), compute: units });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await worker.close();
}
