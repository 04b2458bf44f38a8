// XS entry of bench/mqtt.ts, run by the xsnap command-line runner: per-frame cost of decode, Device, Device + MQTT.
// Prints one JSON line; never asserts anything.
import { decoderRig, deviceRig, historicFrames } from "./mqtt-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };

const FRAMES = 100;
const ROUNDS = 15;
const frames = historicFrames(FRAMES);
const rigs = [decoderRig(frames), deviceRig(frames, false), deviceRig(frames, true)];
for (const rig of rigs) rig.run(); // warm-up
// Rigs in turn, round after round: a shared machine's noise hits each alike; the median of each is kept.
const ms: number[][] = [[], [], []];
let sent = { messages: 0, bytes: 0 };
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < rigs.length; i++) {
    const start = performance.now();
    const out = rigs[i].run();
    ms[i].push(performance.now() - start);
    if (i === 2) sent = out;
  }
}
const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
print(JSON.stringify({ frames: FRAMES, decodeMs: median(ms[0]), deviceMs: median(ms[1]), bridgedMs: median(ms[2]), messages: sent.messages, bytes: sent.bytes }));
