// Owner-password check cost: our sliced PBKDF2-HMAC-SHA256 on Node and on XS (time, longest slice, XS compute units),
// beside its peers on the same input — Node's OpenSSL PBKDF2 and @noble's own pbkdf2 — and the ESP32 estimate
// the parameters in src/auth/password-hash.ts are chosen from. Measures; never asserts a time.
import { spawnSync } from "node:child_process";
import { pbkdf2Sync } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";
import { KDF_PARAMS } from "../src/auth/password-hash";
import { BENCH_PASSWORD, BENCH_SALT, median, timeCheck } from "./xs/auth-workload";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
/** ESP32 ÷ host XS, measured in issue #17 on an emulated C3 for this kind of code (85× a dispatch, 138× decoding). */
const CHIP_FACTOR = { low: 85, high: 140 };
/**
 * The same calibration in XS compute units, which do not depend on how busy this machine is: issue #17 measured a
 * standard TIC frame at 113 ms on the chip and 178,980 compute units in the bench (the ~138× workload).
 */
const CHIP_MS_PER_COMPUTE_UNIT = 113 / 178_980;
const BUDGET_MS = 1000;
const SLICE_BUDGET_MS = 50;
const now = () => performance.now();

// ── Node ─────────────────────────────────────────────────────────────────────
for (let i = 0; i < 5; i++) await timeCheck(KDF_PARAMS.iterations, KDF_PARAMS.sliceIterations, now);
const nodeRuns = [];
for (let i = 0; i < 15; i++) nodeRuns.push((await timeCheck(KDF_PARAMS.iterations, KDF_PARAMS.sliceIterations, now)).totalMs);
const nodeMs = median(nodeRuns);
const opensslRuns = [];
for (let i = 0; i < 15; i++) {
  const start = now();
  pbkdf2Sync(BENCH_PASSWORD, BENCH_SALT, KDF_PARAMS.iterations, KDF_PARAMS.keyBytes, "sha256");
  opensslRuns.push(now() - start);
}
const opensslMs = median(opensslRuns);

// ── XS: time (xsnap command-line runner) and compute units (xsnap worker meter) ─────────────────────────────
mkdirSync(buildDir, { recursive: true });
const timeEntry = join(buildDir, "auth.xs.mjs");
const computeEntry = join(buildDir, "auth-compute.xs.js");
await bundleForXs(join(here, "xs/auth-entry.ts"), timeEntry);
const { build } = await import("esbuild");
await build({ entryPoints: [join(here, "xs/auth-compute-entry.ts")], outfile: computeEntry, bundle: true, format: "iife", platform: "neutral", target: "es2022", logLevel: "error" });
const xsRun = spawnSync(xsnapBinary(), ["-m", timeEntry], { encoding: "utf8", timeout: 300_000 });
type Sweep = { iterations: number; totalMs: number; longestSliceMs: number; slices: number }[];
const xs = JSON.parse((xsRun.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as { sweep: Sweep; nobleMs: number; prfCallMs: number } | null;
const iterationsList = xs ? xs.sweep.map((s) => s.iterations) : [KDF_PARAMS.iterations];
const computeRun = spawnSync(process.execPath, [join(here, "xs/auth-compute.mjs"), computeEntry, ...iterationsList.map(String)], { encoding: "utf8", timeout: 300_000 });
const compute = JSON.parse((computeRun.stdout ?? "").split("\n").find((l) => l.startsWith("[")) ?? "null") as { iterations: number; compute: number }[] | null;

// ── report ───────────────────────────────────────────────────────────────────
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const row = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(12)}${cells.slice(1).map((c) => c.padStart(13)).join("")}\n`);
process.stdout.write(`One owner-password check: PBKDF2-HMAC-SHA256, 32-byte key, 16-byte salt; in use: ${KDF_PARAMS.iterations} iterations, slices of ${KDF_PARAMS.sliceIterations}.\n`);
process.stdout.write(`Node ${process.version}: ours ${fmt(nodeMs)} ms, peer OpenSSL pbkdf2Sync ${fmt(opensslMs)} ms (ours ÷ peer ${fmt(nodeMs / opensslMs, 1)}×).\n\n`);
if (!xs) process.stdout.write(`XS: no result (exit ${xsRun.status}) ${xsRun.stdout}${xsRun.stderr}\n`);
else {
  row(["iterations", "XS ms", "XS slice ms", "slices", "compute", "ESP32 s (cu)", `s ×${CHIP_FACTOR.low}`, `s ×${CHIP_FACTOR.high}`]);
  for (const s of xs.sweep) {
    const units = compute?.find((c) => c.iterations === s.iterations)?.compute;
    row([String(s.iterations), fmt(s.totalMs), fmt(s.longestSliceMs, 3), String(s.slices), units === undefined ? "-" : String(units),
      units === undefined ? "-" : fmt((units * CHIP_MS_PER_COMPUTE_UNIT) / 1000), fmt((s.totalMs * CHIP_FACTOR.low) / 1000), fmt((s.totalMs * CHIP_FACTOR.high) / 1000)]);
  }
  const inUse = xs.sweep.find((s) => s.iterations === KDF_PARAMS.iterations);
  const perCallUs = 1000 * xs.prfCallMs;
  const perCallCompute = compute && compute.length > 1 ? (compute[compute.length - 1].compute - compute[0].compute) / (compute[compute.length - 1].iterations - compute[0].iterations) : NaN;
  const checkUnits = compute?.find((c) => c.iterations === KDF_PARAMS.iterations)?.compute ?? NaN;
  process.stdout.write(`\nXS: one PRF call (HMAC-SHA256) ${fmt(perCallUs, 1)} µs (fastest batch of 200) and ${fmt(perCallCompute, 0)} compute units (deterministic).\n`);
  process.stdout.write(`In use (${KDF_PARAMS.iterations} iterations): ${checkUnits} compute units → ESP32 ≈ ${fmt((checkUnits * CHIP_MS_PER_COMPUTE_UNIT) / 1000)} s ` +
    `(by time: ${fmt((KDF_PARAMS.iterations * perCallUs * CHIP_FACTOR.high) / 1e6)} s at ×${CHIP_FACTOR.high}); a slice of ${KDF_PARAMS.sliceIterations} call(s) ≈ ` +
    `${fmt(KDF_PARAMS.sliceIterations * perCallCompute * CHIP_MS_PER_COMPUTE_UNIT, 0)} ms on the chip (by time: ${fmt((KDF_PARAMS.sliceIterations * perCallUs * CHIP_FACTOR.high) / 1000, 0)} ms).\n`);
  process.stdout.write(`Peer @noble pbkdf2 (one uninterrupted call, ${KDF_PARAMS.iterations} iterations) ${fmt(xs.nobleMs)} ms` + (inUse ? ` (ours, sliced ÷ peer ${fmt(inUse.totalMs / xs.nobleMs)}×)` : "") + ".\n");
  process.stdout.write("Table: median of 9 checks (wall time, on a shared machine: the compute column is the steady one); slice = median of each check's longest slice.\n");
  const chipCallMs = perCallCompute * CHIP_MS_PER_COMPUTE_UNIT;
  process.stdout.write(`Targets: a check ≤ ${BUDGET_MS} ms and a slice ≤ ${SLICE_BUDGET_MS} ms on the chip (issue #17's calibration, ~140× host XS). ` +
    `Iterations that fit: ${Number.isFinite(chipCallMs) ? Math.floor(BUDGET_MS / chipCallMs) : "-"}; PRF calls per slice that fit: ${Number.isFinite(chipCallMs) ? Math.floor(SLICE_BUDGET_MS / chipCallMs) : "-"}.\n`);
}
if (!compute) process.stdout.write(`XS compute: no result (exit ${computeRun.status}) ${computeRun.stdout}${computeRun.stderr}\n`);
