// XS script for bench/mqtt.ts, run by the xsnap-heap runner (bench/xs/xsnap-heap.mjs): the heap the MQTT bridge and
// its session hold at rest, and what one meter frame's publishes add, beside the TIC decode of the same frame.
// The Moddable `mqtt` module itself is not on xsnap: a counting link stands in for it. Never asserts; one JSON line.
import { TicDecoder } from "../../src/tic/decoder";
import { allocated, live, peakAdded, type Heap } from "./heap-probe";
import { historicFrames, steppedBox } from "./mqtt-workload";

declare const print: (text: string) => void;

const minus = (a: Heap, b: Heap): Heap => ({ chunks: a.chunks - b.chunks, slots: a.slots - b.slots });

const FRAMES = 40;
const frames = historicFrames(FRAMES);
let i = 0;
const next = (): Uint8Array => frames[i++ % FRAMES];

// The TIC decode of the same frames, alone.
const decoder = new TicDecoder({ mode: "historic", onFrame: () => undefined });
for (let k = 0; k < 5; k++) decoder.push(next());
const decodePeak = peakAdded(() => decoder.push(next()), false);
const decodeAllocated = allocated(() => decoder.push(next()));

// A Device without the bridge, then the same Device once the bridge is on: the difference at rest is the bridge's.
const box = steppedBox();
for (let k = 0; k < 5; k++) box.feed(next());
const deviceAlone = live();
const devicePeak = peakAdded(() => box.feed(next()), false);
const deviceAllocated = allocated(() => box.feed(next()));
box.attachBridge();
for (let k = 0; k < 5; k++) box.feed(next());
const withBridge = live();
const before = box.sent();
const bridgedPeak = peakAdded(() => box.feed(next()), false);
const mid = box.sent();
const bridgedAllocated = allocated(() => box.feed(next()));
const after = box.sent();
// A broker restart: the bridge re-sends discovery and every state in one go (its worst moment).
const republishPeak = peakAdded(() => box.reconnect(), false);
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
