// Season simulator benchmark: a whole Tempo season through the real Device on Node (the `npm run season` path:
// esbuild bundle), and one week of it on XS (xsnap), beside the same week on Node. Measures; never asserts a time.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const buildDir = join(root, "build/bench");
mkdirSync(buildDir, { recursive: true });

/** The issue's target: a season in under 10 s on Node on this machine. */
const TARGET_S = 10;

function seasonRun(args: string[]): { elapsedMs: number; minutes: number; frames: number; wallMs: number } | null {
  const start = performance.now();
  const run = spawnSync(process.execPath, [join(root, "host-sim/season/season.mjs"), "--json", "--out", join(buildDir, "season.html"), ...args], { encoding: "utf8", timeout: 600_000 });
  const wallMs = performance.now() - start;
  const line = (run.stdout ?? "").split("\n").find((l) => l.startsWith("{"));
  if (!line) {
    process.stdout.write(`season run failed (exit ${run.status}): ${run.stderr}\n`);
    return null;
  }
  const r = JSON.parse(line) as { elapsedMs: number; minutes: number; frames: number };
  return { ...r, wallMs };
}

const whole = seasonRun([]);
const week = seasonRun(["--from", "131", "--days", "7"]);
const entry = join(buildDir, "season.xs.mjs");
await bundleForXs(join(here, "xs/season-entry.ts"), entry);
const xsRun = spawnSync(xsnapBinary(), ["-m", entry], { encoding: "utf8", timeout: 600_000 });
const xsLine = (xsRun.stdout ?? "").split("\n").find((l) => l.startsWith("{"));
const xs = xsLine ? (JSON.parse(xsLine) as { elapsedMs: number; minutes: number; frames: number }) : null;

const s = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(2)} s`);
process.stdout.write(`Whole season 2025-2026 (${whole?.minutes ?? "?"} minutes, ${whole?.frames ?? "?"} frames) on Node: ${s(whole?.elapsedMs)} simulated, ${s(whole?.wallMs)} with bundling and start-up (target < ${TARGET_S} s)\n`);
process.stdout.write(`One week (10–16 January 2026, ${week?.frames ?? "?"} frames): Node ${s(week?.elapsedMs)}, XS (xsnap) ${s(xs?.elapsedMs)}${xs && week ? ` (${(xs.elapsedMs / week.elapsedMs).toFixed(1)}× Node)` : ""}\n`);
if (!xs) process.stdout.write(`XS: no result (exit ${xsRun.status}) ${xsRun.stdout}${xsRun.stderr}\n`);
