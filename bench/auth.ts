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
const xs = JSON.parse((xsRun.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as { sweep: Sweep; nobleMs: number } | null;
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
  row(["iterations", "XS ms", "XS slice ms", "slices", "compute", `ESP32 s ×${CHIP_FACTOR.low}`, `×${CHIP_FACTOR.high}`, "slice ESP32 ms"]);
  for (const s of xs.sweep) {
    const units = compute?.find((c) => c.iterations === s.iterations)?.compute;
    row([String(s.iterations), fmt(s.totalMs), fmt(s.longestSliceMs, 3), String(s.slices), units === undefined ? "-" : String(units),
      fmt((s.totalMs * CHIP_FACTOR.low) / 1000), fmt((s.totalMs * CHIP_FACTOR.high) / 1000), fmt(s.longestSliceMs * CHIP_FACTOR.high, 0)]);
  }
  const inUse = xs.sweep.find((s) => s.iterations === KDF_PARAMS.iterations);
  const perCallUs = inUse ? (1000 * inUse.totalMs) / inUse.iterations : NaN;
  process.stdout.write(`\nXS: ${fmt(perCallUs, 1)} µs per PRF call; peer @noble pbkdf2 (one uninterrupted call, ${KDF_PARAMS.iterations} iterations) ${fmt(xs.nobleMs)} ms` +
    (inUse ? ` (ours ÷ peer ${fmt(inUse.totalMs / xs.nobleMs)}×)` : "") + ".\n");
  process.stdout.write(`Targets: a check ≤ ${BUDGET_MS} ms and a slice ≤ ${SLICE_BUDGET_MS} ms on the chip, taken as host XS × ${CHIP_FACTOR.high} (issue #17). ` +
    `Iterations that fit: ${Number.isFinite(perCallUs) ? Math.floor((BUDGET_MS * 1000) / (perCallUs * CHIP_FACTOR.high)) : "-"}; slice calls that fit: ${Number.isFinite(perCallUs) ? Math.floor((SLICE_BUDGET_MS * 1000) / (perCallUs * CHIP_FACTOR.high)) : "-"}.\n`);
}
if (!compute) process.stdout.write(`XS compute: no result (exit ${computeRun.status}) ${computeRun.stdout}${computeRun.stderr}\n`);
