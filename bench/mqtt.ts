// MQTT publish cost per meter frame on Node and XS, beside the TIC decode cost of the same frame and the whole
// Device's; then the XS heap of the bridge and its session at rest and per frame's publishes (the xsnap-heap runner).
// The bridge publishes to a counting link: what is measured is our codec, diffing and JSON, not a socket.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without type declarations
import { bundleForXs, xsnapBinary } from "../test/xs/run.mjs";
import { decoderRig, deviceRig, historicFrames, type Rig } from "./xs/mqtt-workload";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
const FRAMES = 100;

/** Rigs measured in turn, round after round (a shared machine's noise then hits each alike), after a JIT warm-up. */
function medians(rigs: Rig[], rounds: number): { ms: number; messages: number; bytes: number }[] {
  for (let i = 0; i < 30; i++) for (const rig of rigs) rig.run();
  const ms: number[][] = rigs.map(() => []);
  const sent = rigs.map(() => ({ messages: 0, bytes: 0 }));
  for (let r = 0; r < rounds; r++) {
    rigs.forEach((rig, i) => {
      const start = performance.now();
      sent[i] = rig.run();
      ms[i].push(performance.now() - start);
    });
  }
  return rigs.map((_, i) => ({ ms: ms[i].sort((a, b) => a - b)[Math.floor(rounds / 2)], ...sent[i] }));
}

const frames = historicFrames(FRAMES);
const [decode, device, bridged] = medians([decoderRig(frames), deviceRig(frames, false), deviceRig(frames, true)], 41);
const node = { decode, device, bridged };

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "mqtt.xs.mjs");
await bundleForXs(join(here, "xs/mqtt-entry.ts"), entry);
const xsRun = spawnSync(xsnapBinary(), ["-m", entry], { encoding: "utf8", timeout: 300_000 });
const xs = JSON.parse((xsRun.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as
  | { frames: number; decodeMs: number; deviceMs: number; bridgedMs: number; messages: number; bytes: number }
  | null;

const row = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(36)}${cells.slice(1).map((c) => c.padStart(14)).join("")}\n`);
const per = (ms: number) => ((ms / FRAMES) * 1000).toFixed(1);
process.stdout.write(`${FRAMES} historic single-phase Tempo frames (power changes every frame), 3 loads, bridge online.\n\n`);
row(["µs per frame", "Node", "XS (xsnap)"]);
row(["TIC decode alone", per(node.decode.ms), xs ? per(xs.decodeMs) : "-"]);
row(["Device (decode + core + publish path)", per(node.device.ms), xs ? per(xs.deviceMs) : "-"]);
row(["Device + MQTT bridge", per(node.bridged.ms), xs ? per(xs.bridgedMs) : "-"]);
row(["MQTT bridge alone (difference)", per(node.bridged.ms - node.device.ms), xs ? per(xs.bridgedMs - xs.deviceMs) : "-"]);
row(["  × TIC decode of the same frame", ((node.bridged.ms - node.device.ms) / node.decode.ms).toFixed(2), xs ? ((xs.bridgedMs - xs.deviceMs) / xs.decodeMs).toFixed(2) : "-"]);
row(["messages / bytes per frame", `${(node.bridged.messages / FRAMES).toFixed(1)} / ${(node.bridged.bytes / FRAMES).toFixed(0)}`, xs ? `${(xs.messages / FRAMES).toFixed(1)} / ${(xs.bytes / FRAMES).toFixed(0)}` : "-"]);
// Issue #17's emulated ESP32-C3 ran a Controller dispatch 85× and a TIC decode 138× its host-XS time: plain JS like the bridge.
row(["ESP32-C3 estimate (XS × 85…138, issue #17), ms/frame", "", xs ? `${(((xs.bridgedMs - xs.deviceMs) / FRAMES) * 85).toFixed(1)}–${(((xs.bridgedMs - xs.deviceMs) / FRAMES) * 138).toFixed(1)}` : "-"]);
if (!xs) process.stdout.write(`XS: no result (exit ${xsRun.status}) ${xsRun.stdout}${xsRun.stderr}\n`);
process.stdout.write("\nThe JSON state topic goes out at most every 10 s (here every ~7 frames); meter figures every frame (meterIntervalMs 0).\n");

interface Heap {
  chunks: number;
  slots: number;
}
interface HeapResult {
  bridgeAtRest: Heap;
  deviceAtRest: Heap;
  decode: { peak: Heap; allocated: Heap };
  device: { peak: Heap; allocated: Heap };
  bridged: { peak: Heap; allocated: Heap };
  messagesPerFrame: number[];
  bytesPerFrame: number[];
  republish: { peak: Heap; messages: number };
}

// The heap: the xsnap-heap runner reads XS's own chunk and slot accounting (built once by a child, ~1 min).
const heapEntry = join(buildDir, "mqtt-heap.xs.mjs");
await bundleForXs(join(here, "xs/mqtt-heap-entry.ts"), heapEntry);
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const heapRun = probe.status === 0 ? spawnSync(probe.stdout.trim(), ["-m", heapEntry], { encoding: "utf8", timeout: 300_000 }) : undefined;
const heap = JSON.parse((heapRun?.stdout ?? "").split("\n").find((l) => l.startsWith("{")) ?? "null") as HeapResult | null;
if (!heap) {
  process.stdout.write(`\nXS heap: no result (${heapRun ? `exit ${heapRun.status} ${heapRun.stdout}${heapRun.stderr}` : "xsnap-heap did not build"})\n`);
} else {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const cell = (h: Heap) => `${kb(h.chunks)} / ${h.slots}`;
  const perMessage = (h: Heap, messages: number) => `${(h.chunks / messages).toFixed(0)} B / ${(h.slots / messages).toFixed(1)}`;
  const msgs = heap.messagesPerFrame[1];
  const bridgeAlloc: Heap = { chunks: heap.bridged.allocated.chunks - heap.device.allocated.chunks, slots: heap.bridged.allocated.slots - heap.device.allocated.slots };
  process.stdout.write("\nXS heap (xsnap-heap, 64-bit: a slot is 32 B here, 16 B on an ESP32), chunks / slots\n");
  process.stdout.write("The Moddable mqtt module (the device's client) is not on xsnap: a counting link stands in for it.\n\n");
  const hrow = (cells: string[]) => process.stdout.write(`${cells[0].padEnd(48)}${cells.slice(1).map((c) => c.padStart(20)).join("")}\n`);
  hrow(["", "peak live", "allocated"]);
  hrow(["TIC decode of one frame", cell(heap.decode.peak), cell(heap.decode.allocated)]);
  hrow(["Device, one frame (no MQTT)", cell(heap.device.peak), cell(heap.device.allocated)]);
  hrow([`Device + bridge, one frame (${msgs} publishes, ${heap.bytesPerFrame[1]} B)`, cell(heap.bridged.peak), cell(heap.bridged.allocated)]);
  hrow(["  bridge's share (difference)", "", cell(bridgeAlloc)]);
  hrow(["  per publish", "", perMessage(bridgeAlloc, Math.max(1, msgs))]);
  hrow(["  × TIC decode of the same frame", "", `${(bridgeAlloc.chunks / Math.max(1, heap.decode.allocated.chunks)).toFixed(1)} / ${(bridgeAlloc.slots / Math.max(1, heap.decode.allocated.slots)).toFixed(1)}`]);
  hrow([`Reconnect: discovery + every state (${heap.republish.messages} publishes)`, cell(heap.republish.peak), ""]);
  process.stdout.write("\n");
  hrow(["At rest, after a collection", "live", ""]);
  hrow(["Device (3 loads, no MQTT)", cell(heap.deviceAtRest), ""]);
  hrow(["MQTT bridge + session (entities, last-sent maps)", cell(heap.bridgeAtRest), ""]);
}
