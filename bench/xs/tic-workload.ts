// TIC decode workload shared by bench/tic.ts on Node and its XS entries: a standard-mode stream and garbage.
// Never times anything itself: callers measure with their own clock (performance.now on Node and on xsnap).
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { TicDecoder } from "../../src/tic/decoder";
import { concatByteList } from "../../lib/bytes";

/** The UART read size the device sees per callback (Moddable serial onReadable delivers about this much). */
export const CHUNK_BYTES = 128;
export const LINE_BYTES_PER_S = 960; // 9600 baud, 10 bits per character (7E1 + start + stop)

export interface Stream {
  chunks: Uint8Array[];
  bytes: number;
  frames: number;
}

/** `frames` distinct standard-mode frames of a three-phase Tempo Linky (power and time vary), cut in UART chunks. */
export function standardStream(frames: number): Stream {
  const meter = new SimulatedMeter({ mode: "standard", contract: "tempo", phases: 3, subscribedKVA: 12 });
  const parts: Uint8Array[] = [];
  let atMs = Date.UTC(2026, 0, 15, 5);
  for (let i = 0; i < frames; i++) {
    atMs += 1700;
    meter.setState({ atMs, powerVA: 800 + ((i * 137) % 9000), period: i % 50 < 25 ? "hc" : "hp", colour: i % 3 === 0 ? "white" : "blue" });
    parts.push(meter.frame());
  }
  return cut(concatByteList(parts), frames);
}

/** Pseudo-random bytes (deterministic): worst-case input, mostly bad groups and overflowing runs. */
export function garbageStream(bytes: number, withLineFeeds: boolean): Stream {
  const out = new Uint8Array(bytes);
  let seed = 0x2545f491;
  for (let i = 0; i < bytes; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const b = seed >>> 24;
    out[i] = !withLineFeeds && (b & 0x7f) === 0x0a ? 0x41 : b;
  }
  return cut(out, 0);
}

function cut(bytes: Uint8Array, frames: number): Stream {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) chunks.push(bytes.subarray(i, i + CHUNK_BYTES));
  return { chunks, bytes: bytes.length, frames };
}

/** Decode a prepared stream with a fresh decoder; returns the counters (so the work cannot be optimised away). */
export function decodeStream(stream: Stream, decoder = new TicDecoder({ mode: "standard", onFrame: () => {} })): TicDecoder {
  for (const chunk of stream.chunks) decoder.push(chunk);
  return decoder;
}
