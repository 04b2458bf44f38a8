// Shedding-engine benchmark: cost of Controller.dispatch for one hour of shell events (a frame every 1.5 s, a tick
// every second) on Node and on XS, beside its peer on the same frames, the TIC decoder. Measures; never asserts a time.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";
import { engineHour, runEngine } from "./xs/engine-workload";
import { decodeStream, standardStream } from "./xs/tic-workload";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
const work = engineHour();
const stream = standardStream(work.frames);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function time(run: () => unknown): number {
  for (let i = 0; i < 3; i++) run(); // JIT warm-up
  return median(Array.from({ length: 9 }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  }));
}

const nodeEngineMs = time(() => runEngine(work));
const nodeDecodeMs = time(() => decodeStream(stream));

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "engine.xs.mjs");
await bundleForXs(join(here, "xs/engine-entry.ts"), entry);
const xsRun = spawnSync(xsnapBinary(), ["-m", entry], { encoding: "utf8", timeout: 300_000 });
const xs = JSON.parse((xsRun.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as
  | { events: number; frames: number; effects: number; engineMs: number; decodeMs: number }
  | null;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const row = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(34)}${cells.slice(1).map((c) => c.padStart(14)).join("")}\n`);
const xsEngineMs = xs ? xs.engineMs : NaN;
const xsDecodeMs = xs ? xs.decodeMs : NaN;
process.stdout.write(`One hour of shell events: ${work.events.length} (${work.frames} frames + ${work.events.length - work.frames} ticks), six loads, a red peak from half-way.\n`);
process.stdout.write(`Peer: the TIC decoder on ${work.frames} standard-mode frames (what the box does for the same hour).\n\n`);
row(["", "Node", "XS (xsnap)"]);
row(["engine ms for the hour", fmt(nodeEngineMs, 1), fmt(xsEngineMs, 1)]);
row(["decoder ms for the hour", fmt(nodeDecodeMs, 1), fmt(xsDecodeMs, 1)]);
row(["engine ÷ decoder", `${fmt(nodeEngineMs / nodeDecodeMs, 2)}×`, `${fmt(xsEngineMs / xsDecodeMs, 2)}×`]);
row(["µs per dispatch", fmt((1000 * nodeEngineMs) / work.events.length, 1), fmt((1000 * xsEngineMs) / work.events.length, 1)]);
row(["engine % of wall time", `${fmt((100 * nodeEngineMs) / 3_600_000, 4)} %`, `${fmt((100 * xsEngineMs) / 3_600_000, 4)} %`]);
row(["ESP32 estimate (XS × 20…50)", "", `${fmt((100 * xsEngineMs * 20) / 3_600_000, 3)}–${fmt((100 * xsEngineMs * 50) / 3_600_000, 3)} %`]);
if (!xs) process.stdout.write(`XS: no result (exit ${xsRun.status}) ${xsRun.stdout}${xsRun.stderr}\n`);
