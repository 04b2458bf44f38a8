// TIC decode benchmark: throughput and allocations per frame on Node and on XS for a standard-mode stream,
// each beside the peer that matters, the line itself (9600 baud = 960 bytes/s). Measures; never asserts a time.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";
import { TicDecoder } from "../src/tic/decoder";
import { decodeStream, garbageStream, LINE_BYTES_PER_S, standardStream } from "./xs/tic-workload";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
const FRAMES = 200;
const SLOT_FRAMES = 20;
const GARBAGE_BYTES = 10_000;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ── Node: time ───────────────────────────────────────────────────────────────
const stream = standardStream(FRAMES);
for (let i = 0; i < 20; i++) decodeStream(stream); // JIT warm-up
const nodeMs = median(Array.from({ length: 15 }, () => {
  const start = performance.now();
  decodeStream(stream);
  return performance.now() - start;
}));

// ── Node: bytes allocated per frame: heapUsed growth over a batch after a full gc, with one warmed-up decoder
// (as on XS); the young generation is far larger than a batch allocates, so no collection runs inside one ──
const small = standardStream(SLOT_FRAMES);
const noise = garbageStream(GARBAGE_BYTES, true);
const nodeDecoder = new TicDecoder({ mode: "standard", onFrame: () => {} });
for (let i = 0; i < 200; i++) {
  decodeStream(small, nodeDecoder);
  decodeStream(noise, nodeDecoder);
}
function heapGrowth(run: () => void): number {
  return median(Array.from({ length: 15 }, () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    run();
    return process.memoryUsage().heapUsed - before;
  }));
}
const nodeEmpty = heapGrowth(() => {});
const nodeBytesPerFrame = (heapGrowth(() => decodeStream(small, nodeDecoder)) - nodeEmpty) / SLOT_FRAMES;
const nodeNoiseBytes = heapGrowth(() => decodeStream(noise, nodeDecoder)) - nodeEmpty;

// ── XS: time (xsnap command-line runner) and heap slots (xsnap worker meter) ──────────────────────────────────
mkdirSync(buildDir, { recursive: true });
const timeEntry = join(buildDir, "tic.xs.mjs");
const slotsEntry = join(buildDir, "tic-slots.xs.js");
await bundleForXs(join(here, "xs/tic-entry.ts"), timeEntry);
const { build } = await import("esbuild");
await build({ entryPoints: [join(here, "xs/tic-slots-entry.ts")], outfile: slotsEntry, bundle: true, format: "iife", platform: "neutral", target: "es2022", logLevel: "error" });

const xsTimeRun = spawnSync(xsnapBinary(), ["-m", timeEntry], { encoding: "utf8", timeout: 300_000 });
const xsTime = JSON.parse((xsTimeRun.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as
  | { bytes: number; frames: number; framesSeen: number; medianMs: number }
  | null;
const xsSlotsRun = spawnSync(process.execPath, [join(here, "xs/tic-slots.mjs"), slotsEntry, String(SLOT_FRAMES), String(GARBAGE_BYTES)], {
  encoding: "utf8",
  timeout: 300_000,
});
const xsSlots = JSON.parse((xsSlotsRun.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as
  | { baseline: number; cleanSlots: number; cleanCompute: number; noiseSlots: number; noiseLfSlots: number; liveAfterCleanGc: number; liveAfterNoiseGc: number }
  | null;

// ── report ───────────────────────────────────────────────────────────────────
const frameBytes = stream.bytes / FRAMES;
const lineMsPerFrame = (frameBytes / LINE_BYTES_PER_S) * 1000;
const row = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(30)}${cells.slice(1).map((c) => c.padStart(14)).join("")}\n`);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

process.stdout.write(`TIC standard-mode stream: ${FRAMES} simulated three-phase Tempo frames, ${stream.bytes} bytes (${fmt(frameBytes, 0)} bytes/frame), ${128}-byte chunks.\n`);
process.stdout.write(`Peer: the line, ${LINE_BYTES_PER_S} bytes/s, which takes ${fmt(lineMsPerFrame, 0)} ms to deliver one frame.\n\n`);
row(["", "Node", "XS (xsnap)"]);
const xsMs = xsTime ? xsTime.medianMs : NaN;
row(["decode bytes/s", fmt((stream.bytes / nodeMs) * 1000, 0), fmt((stream.bytes / xsMs) * 1000, 0)]);
row(["× line rate (960 B/s)", `${fmt(stream.bytes / nodeMs / (LINE_BYTES_PER_S / 1000), 0)}×`, `${fmt(stream.bytes / xsMs / (LINE_BYTES_PER_S / 1000), 0)}×`]);
row(["ms per frame", fmt(nodeMs / FRAMES, 4), fmt(xsMs / FRAMES, 4)]);
row(["% of the line's time per frame", `${fmt((100 * nodeMs) / FRAMES / lineMsPerFrame, 4)} %`, `${fmt((100 * xsMs) / FRAMES / lineMsPerFrame, 4)} %`]);
row(["ESP32 estimate (XS × 20…50)", "", `${fmt((100 * xsMs * 20) / FRAMES / lineMsPerFrame, 2)}–${fmt((100 * xsMs * 50) / FRAMES / lineMsPerFrame, 2)} %`]);
row(["XS meter: compute units/frame", "", xsSlots ? fmt(xsSlots.cleanCompute / SLOT_FRAMES, 0) : "-"]);
row(["allocated per frame", `${fmt(nodeBytesPerFrame, 0)} B`, xsSlots ? `${fmt((xsSlots.cleanSlots - xsSlots.baseline) / SLOT_FRAMES, 0)} slots` : "-"]);
row([`allocated per ${GARBAGE_BYTES / 1000} KB of garbage`, `${fmt(nodeNoiseBytes, 0)} B`, xsSlots ? `${xsSlots.noiseLfSlots - xsSlots.baseline} slots` : "-"]);
row([`  same, no LF (one endless group)`, "", xsSlots ? `${xsSlots.noiseSlots - xsSlots.baseline} slots` : "-"]);
row(["live slots after gc: clean / +noise", "", xsSlots ? `${xsSlots.liveAfterCleanGc} / ${xsSlots.liveAfterNoiseGc}` : "-"]);
process.stdout.write(
  "\nNode bytes: growth of heapUsed over a 20-frame batch after a full gc (median of 15; includes the reading objects and" +
    " strings handed to onFrame). XS slots: growth of the xsnap worker's currentHeapCount over one evaluate with no gc" +
    " inside, minus an empty evaluate; a slot is 16 bytes on an ESP32, string characters live in chunks and are not counted.\n",
);
if (!xsTime) process.stdout.write(`XS time: no result (exit ${xsTimeRun.status}) ${xsTimeRun.stdout}${xsTimeRun.stderr}\n`);
else if (xsTime.framesSeen !== FRAMES) process.stdout.write(`XS decoded ${xsTime.framesSeen} of ${FRAMES} frames!\n`);
if (!xsSlots) process.stdout.write(`XS slots: no result (exit ${xsSlotsRun.status}) ${xsSlotsRun.stdout}${xsSlotsRun.stderr}\n`);
