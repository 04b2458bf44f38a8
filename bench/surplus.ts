// Surplus routing benchmark: what PV routing adds to each meter frame's dispatch (a sunny hour with clouds, four
// loads, three routed), peer: the same box and frames without routing; and one router step alone. Node and XS.
// Measures; never asserts a time.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";
import { FRAMES_PER_HOUR, runHour, runSteps, surplusHour } from "./xs/surplus-workload";

/** Issue #17's measured ratio for plain dispatch JS: the ESP32-C3 takes ~85× host XS's time. */
const C3_DISPATCH_RATIO = 85;
/** The same issue's dispatch on the chip: 5.8 ms for 10,779 compute units (bench/engine.ts), the chip's time per unit. */
const C3_MS_PER_COMPUTE_UNIT = 5.8 / 10_779;
const STEPS = 720;

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
const work = surplusHour();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function time(run: () => unknown): number {
  for (let i = 0; i < 3; i++) run();
  return median(Array.from({ length: 9 }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  }));
}

const nodeOn = time(() => runHour(work, true));
const nodeOff = time(() => runHour(work, false));
const nodeSteps = time(() => runSteps(work.startMs, STEPS));

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "surplus.xs.mjs");
await bundleForXs(join(here, "xs/surplus-entry.ts"), entry);
const run = spawnSync(xsnapBinary(), ["-m", entry], { encoding: "utf8", timeout: 300_000 });
const xs = JSON.parse((run.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as
  | { frames: number; facts: number; onMs: number; offMs: number; onCompute: number; offCompute: number; steps: number; switches: number; stepCompute: number }
  | null;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const row = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(44)}${cells.slice(1).map((c) => c.padStart(14)).join("")}\n`);
const f = FRAMES_PER_HOUR;
process.stdout.write(`A sunny hour with clouds: ${f} meter frames, four loads (three routed on the surplus); peer: the same box without routing.\n\n`);
row(["", "Node", "XS (xsnap)"]);
row(["hour with routing, ms", fmt(nodeOn), fmt(xs?.onMs ?? NaN)]);
row(["hour without routing (peer), ms", fmt(nodeOff), fmt(xs?.offMs ?? NaN)]);
row(["routing ÷ peer", `${fmt(nodeOn / nodeOff, 2)}×`, xs ? `${fmt(xs.onMs / xs.offMs, 2)}×` : "-"]);
row(["routing's cost per frame, µs", fmt((1000 * (nodeOn - nodeOff)) / f, 2), xs ? fmt((1000 * (xs.onMs - xs.offMs)) / f, 2) : "-"]);
row(["XS compute units per frame, with routing", "", xs ? fmt(xs.onCompute / f, 0) : "-"]);
row(["XS compute units per frame, peer", "", xs ? fmt(xs.offCompute / f, 0) : "-"]);
row(["XS compute units per router step", "", xs ? fmt(xs.stepCompute / STEPS, 0) : "-"]);
row(["router step alone, µs", fmt((1000 * nodeSteps) / STEPS, 2), ""]);
if (xs) row([`ESP32-C3 estimate, routing per frame (XS × ${C3_DISPATCH_RATIO})`, "", `${fmt(((xs.onMs - xs.offMs) * C3_DISPATCH_RATIO) / f, 3)} ms`]);
if (xs) row(["ESP32-C3 estimate from compute units", "", `${fmt(((xs.onCompute - xs.offCompute) / f) * C3_MS_PER_COMPUTE_UNIT, 3)} ms`]);
if (!xs) process.stdout.write(`XS run failed: ${run.stderr}\n`);
