// XS script for bench/mqtt.ts, run by the xsnap-heap runner (bench/xs/xsnap-heap.mjs): the heap the MQTT bridge and
// its session hold at rest, and what one meter frame's publishes add, beside the TIC decode of the same frame.
// The Moddable `mqtt` module itself is not on xsnap: a counting link stands in for it. Never asserts; one JSON line.
import { TicDecoder } from "../../src/tic/decoder";
import { historicFrames, steppedBox } from "./mqtt-workload";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; peakChunks: number; slots: number; peakSlots: number };
declare const heapStress: (on: boolean) => void;

interface Heap {
  chunks: number;
  slots: number;
}

/** Live heap after a full collection. */
function live(): Heap {
  gc();
  const s = heapStats(false);
  return { chunks: s.chunks, slots: s.slots };
}

/**
 * The most chunk bytes and slots live at once during `step`, above what was live before it: a collection runs before
 * every allocation meanwhile, so garbage never counts (as bench/web-heap measures pages).
 */
function peakAdded(step: () => void): Heap {
  gc();
  const before = heapStats(true);
  heapStress(true);
  step();
  heapStress(false);
  const after = heapStats(false);
  return { chunks: after.peakChunks - before.chunks, slots: after.peakSlots - before.slots };
}

/** Everything `step` allocates, garbage included (no collection in between): what the collector must later sweep. */
function allocated(step: () => void): Heap {
  gc();
  const before = heapStats(false);
  step();
  const after = heapStats(false);
  return { chunks: after.chunks - before.chunks, slots: after.slots - before.slots };
}

const minus = (a: Heap, b: Heap): Heap => ({ chunks: a.chunks - b.chunks, slots: a.slots - b.slots });

const FRAMES = 40;
const frames = historicFrames(FRAMES);
let i = 0;
const next = (): Uint8Array => frames[i++ % FRAMES];

// The TIC decode of the same frames, alone.
const decoder = new TicDecoder({ mode: "historic", onFrame: () => undefined });
for (let k = 0; k < 5; k++) decoder.push(next());
const decodePeak = peakAdded(() => decoder.push(next()));
const decodeAllocated = allocated(() => decoder.push(next()));

// A Device without the bridge, then the same Device once the bridge is on: the difference at rest is the bridge's.
const box = steppedBox();
for (let k = 0; k < 5; k++) box.feed(next());
const deviceAlone = live();
const devicePeak = peakAdded(() => box.feed(next()));
const deviceAllocated = allocated(() => box.feed(next()));
box.attachBridge();
for (let k = 0; k < 5; k++) box.feed(next());
const withBridge = live();
const before = box.sent();
const bridgedPeak = peakAdded(() => box.feed(next()));
const mid = box.sent();
const bridgedAllocated = allocated(() => box.feed(next()));
const after = box.sent();
// A broker restart: the bridge re-sends discovery and every state in one go (its worst moment).
const republishPeak = peakAdded(() => box.reconnect());
const republished = box.sent().messages - after.messages;

print(JSON.stringify({
  bridgeAtRest: minus(withBridge, deviceAlone),
  deviceAtRest: deviceAlone,
  decode: { peak: decodePeak, allocated: decodeAllocated },
  device: { peak: devicePeak, allocated: deviceAllocated },
  bridged: { peak: bridgedPeak, allocated: bridgedAllocated },
  messagesPerFrame: [mid.messages - before.messages, after.messages - mid.messages],
  bytesPerFrame: [mid.bytes - before.bytes, after.bytes - mid.bytes],
  republish: { peak: republishPeak, messages: republished },
}));
