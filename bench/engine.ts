// Shedding-engine benchmark: cost of Controller.dispatch for one hour of shell events (a frame every 1.5 s, a tick
// every second) on Node and on XS, beside its peer on the same frames, the TIC decoder; then what ONE dispatch
// allocates and computes on XS, per workload (bench/xs/engine-slots.mjs). Measures; never asserts a time.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";
// @ts-expect-error plain ESM helper without type declarations
import { engineSlots } from "./xs/engine-slots.mjs";
import { engineHour, runEngine } from "./xs/engine-workload";
import { decodeStream, standardStream } from "./xs/tic-workload";

/**
 * Issue #17, measured on an emulated ESP32-C3 (160 MHz, Moddable 8.2.3): one dispatch of a standard reading with the
 * board's three loads took ~5.8 ms on the chip's clock, ~85× its time on host XS; decoding a standard frame ~138×.
 */
const C3_DISPATCH_RATIO = 85;
const C3_DECODE_RATIO = 138;
/**
 * The same dispatch, before it was made allocation-light, counted 10,779 XS compute units here ("board, reading, no
 * change" of bench/xs/engine-slots on that commit): the chip's time per unit, to turn deterministic units into ms.
 */
const C3_MS_PER_COMPUTE_UNIT = 5.8 / 10_779;

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
  | { events: number; frames: number; effects: number; engineMs: number; decodeMs: number; engineCompute: number; decodeCompute: number }
  | null;
type Cost = { slots: number; chunks: number; compute: number; effects: number; published: number };
let perDispatch: { results: Record<string, Record<string, Cost>> } | null = null;
let perDispatchError = "";
try {
  perDispatch = await engineSlots();
} catch (error) {
  perDispatchError = String(error);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const row = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(40)}${cells.slice(1).map((c) => c.padStart(14)).join("")}\n`);
const xsEngineMs = xs ? xs.engineMs : NaN;
const xsDecodeMs = xs ? xs.decodeMs : NaN;
const n = work.events.length;
process.stdout.write(`One hour of shell events: ${n} (${work.frames} frames + ${n - work.frames} ticks), six loads, a red peak from half-way.\n`);
process.stdout.write(`Peer: the TIC decoder on ${work.frames} standard-mode frames (what the box does for the same hour).\n\n`);
row(["", "Node", "XS (xsnap)"]);
row(["engine ms for the hour", fmt(nodeEngineMs, 1), fmt(xsEngineMs, 1)]);
row(["decoder ms for the hour", fmt(nodeDecodeMs, 1), fmt(xsDecodeMs, 1)]);
row(["engine ÷ decoder", `${fmt(nodeEngineMs / nodeDecodeMs, 2)}×`, `${fmt(xsEngineMs / xsDecodeMs, 2)}×`]);
row(["µs per dispatch", fmt((1000 * nodeEngineMs) / n, 1), fmt((1000 * xsEngineMs) / n, 1)]);
row(["XS compute units per dispatch", "", xs ? fmt(xs.engineCompute / n, 0) : "-"]);
row(["XS compute units per decoded frame", "", xs ? fmt(xs.decodeCompute / work.frames, 0) : "-"]);
row(["engine % of wall time", `${fmt((100 * nodeEngineMs) / 3_600_000, 4)} %`, `${fmt((100 * xsEngineMs) / 3_600_000, 4)} %`]);
row([`ESP32-C3 estimate, engine (XS × ${C3_DISPATCH_RATIO})`, "", `${fmt((100 * xsEngineMs * C3_DISPATCH_RATIO) / 3_600_000, 3)} %`]);
row([`  per dispatch`, "", `${fmt((xsEngineMs * C3_DISPATCH_RATIO) / n, 2)} ms`]);
row([`  from compute units (no collector)`, "", xs ? `${fmt(xs.engineCompute * C3_MS_PER_COMPUTE_UNIT / n, 2)} ms` : "-"]);
row([`ESP32-C3 estimate, decoder (XS × ${C3_DECODE_RATIO})`, "", `${fmt((100 * xsDecodeMs * C3_DECODE_RATIO) / 3_600_000, 3)} %`]);
if (!xs) process.stdout.write(`XS: no result (exit ${xsRun.status}) ${xsRun.stdout}${xsRun.stderr}\n`);

process.stdout.write(
  "\nOne dispatch in steady state on XS (xsnap-heap): heap slots and chunk bytes it leaves allocated (no collection" +
    " inside), XS compute units, the facts it returned, the updates observers heard (Device), and the C3 time those" +
    " units stand for.\n\n",
);
const cell = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(28)}${cells[1].padEnd(26)}${cells.slice(2).map((c) => c.padStart(9)).join("")}\n`);
cell(["workload", "target", "slots", "chunk B", "compute", "facts", "heard", "C3 ms"]);
if (perDispatch) {
  for (const [target, workloads] of Object.entries(perDispatch.results)) {
    for (const [name, c] of Object.entries(workloads)) {
      cell([name, target, String(c.slots), String(c.chunks), String(c.compute), String(c.effects), String(c.published), fmt(c.compute * C3_MS_PER_COMPUTE_UNIT, 2)]);
    }
  }
} else process.stdout.write(`XS per dispatch: no result ${perDispatchError}\n`);
process.stdout.write(
  `\nESP32-C3 estimates from issue #17's emulated C3: a dispatch ran ${C3_DISPATCH_RATIO}× its host-XS time, a frame decode` +
    ` ${C3_DECODE_RATIO}×; "C3 ms" counts ${fmt(C3_MS_PER_COMPUTE_UNIT * 1000, 3)} µs per compute unit (that dispatch:` +
    " 5.8 ms for 10,779 units here before this work). Slots are 32 bytes on 64-bit xsnap, 16 on the chip.\n",
);
