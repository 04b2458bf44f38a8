// Runs bench/xs/engine-slots-entry.ts on the xsnap-heap runner and returns what one dispatch costs per workload.
// Shared by bench/engine.ts (prints it) and test/app/dispatch-slots.test.ts (asserts the slot budget); never times.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../../test/xs/run.mjs";
import { xsnapHeapBinary } from "./xsnap-heap.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * { baseline, results: { board | six: { [workload]: { slots, chunks, compute, effects } } } }: heap slots and chunk
 * bytes one dispatch leaves allocated (no collection inside it), XS meter units, and the facts it returned.
 */
export async function engineSlots() {
  const outDir = join(root, "build/bench");
  mkdirSync(outDir, { recursive: true });
  const entry = join(outDir, "engine-slots.xs.mjs");
  await bundleForXs(join(root, "bench/xs/engine-slots-entry.ts"), entry);
  const run = spawnSync(xsnapHeapBinary(), ["-m", entry], { encoding: "utf8", timeout: 300_000 });
  const line = (run.stdout ?? "").split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`engine-slots: no result (exit ${run.status}) ${run.stdout}${run.stderr}`);
  return JSON.parse(line);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${JSON.stringify(await engineSlots(), null, 1)}\n`);
