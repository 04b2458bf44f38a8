// Live heap slots the HAP server holds on XS, read from the @agoric/xsnap worker's meter (currentHeapCount after gc).
// A child process of bench/hap-memory.ts: @endo/init locks the realm down, which the parent must not suffer.
import "@endo/init";
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import { xsnap } from "@agoric/xsnap";

const [script, sessionsArg] = process.argv.slice(2);
const sessionCount = Number(sessionsArg);
const worker = await xsnap({ os: os.type(), spawn, fs: { ...fs, ...fsp }, meteringLimit: 0, name: "hap-memory" });
/** Run one step, check it finished inside its evaluate, then collect garbage and read the live slots. */
async function live(code) {
  await worker.evaluate(code);
  await worker.evaluate("hapMemory.ready()");
  return (await worker.evaluate("gc()")).meterUsage.currentHeapCount;
}
try {
  await worker.evaluate(fs.readFileSync(script, "utf8"));
  await worker.evaluate("hapMemory.warmCrypto()");
  const loaded = (await worker.evaluate("gc()")).meterUsage.currentHeapCount;
  const started = await live("hapMemory.start()");
  const stalled = await live("hapMemory.stallPairSetup()");
  const expired = await live("hapMemory.expireIdle()");
  const paired = await live("hapMemory.pair()");
  const pairedIdle = await live("hapMemory.expireIdle()");
  const sessions = [];
  for (let i = 0; i < sessionCount; i++) sessions.push(await live("hapMemory.verifyOne()"));
  const dropped = await live("hapMemory.linkDown()");
  process.stdout.write(`${JSON.stringify({ loaded, started, stalled, expired, paired, pairedIdle, sessions, dropped })}\n`);
} finally {
  await worker.close();
}
