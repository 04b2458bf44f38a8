// The decoder's heap-slot budget on XS, read from the xsnap worker's meter (deterministic, unlike time): what a
// steady stream costs per frame. Runs bench/xs/tic-slots.mjs, the bench's own probe; never asserts a time.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(__dirname, "../..");
const FRAMES = 20;
const GARBAGE_BYTES = 10_000;
/**
 * Issue #17's budget for a standard frame in steady state. Most of it is the reading handed to onFrame: the reading
 * object (19 slots), its counters (6), and indexesWh (16) on the frames where an index moved.
 */
const STANDARD_FRAME_SLOTS = 40;

interface SlotReport {
  standardSlots: number;
  historicSlots: number;
}

let report: SlotReport;

beforeAll(async () => {
  const outDir = join(root, "build/test");
  mkdirSync(outDir, { recursive: true });
  const script = join(outDir, "tic-slots.xs.js");
  await build({ entryPoints: [join(root, "bench/xs/tic-slots-entry.ts")], outfile: script, bundle: true, format: "iife", platform: "neutral", target: "es2022", logLevel: "error" });
  const run = spawnSync(process.execPath, [join(root, "bench/xs/tic-slots.mjs"), script, String(FRAMES), String(GARBAGE_BYTES)], { encoding: "utf8", timeout: 60_000 });
  const line = (run.stdout ?? "").split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`tic-slots.mjs gave no result (exit ${run.status}): ${run.stdout}${run.stderr}`);
  report = JSON.parse(line) as SlotReport;
}, 60_000);

test(`a standard frame in steady state allocates at most ${STANDARD_FRAME_SLOTS} slots on XS`, () => {
  expect(report.standardSlots / FRAMES).toBeLessThanOrEqual(STANDARD_FRAME_SLOTS);
});

test("a historic frame allocates no more than a standard one", () => {
  expect(report.historicSlots / FRAMES).toBeLessThanOrEqual(STANDARD_FRAME_SLOTS);
});
