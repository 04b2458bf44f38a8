// TIC decode workloads shared by bench/tic.ts on Node and its XS entries: a standard and a historic stream, and garbage.
// Never times anything itself: callers measure with their own clock (performance.now on Node and on xsnap).
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicMode } from "../../src/tic/types";
import { concatByteList } from "../../lib/bytes";

/** The UART read size the device sees per callback (Moddable serial onReadable delivers about this much). */
export const CHUNK_BYTES = 128;
/** Bytes per second each line delivers: 10 bits per character (7E1 + start + stop) at 9600 and 1200 baud. */
export const LINE_BYTES_PER_S: Readonly<Record<TicMode, number>> = Object.freeze({ standard: 960, historic: 120 });

export interface Stream {
  mode: TicMode;
  chunks: Uint8Array[];
  bytes: number;
  frames: number;
}

/** `frames` distinct frames of a three-phase Tempo Linky (power, time and indexes vary), cut in UART chunks. */
function meterStream(mode: TicMode, frames: number, state: (i: number) => { period: "hp" | "hc"; colour: "blue" | "white" | "red"; tomorrow: "blue" | "white" | "red" | "unknown" }): Stream {
  const meter = new SimulatedMeter({ mode, contract: "tempo", phases: 3, subscribedKVA: 12 });
  const parts: Uint8Array[] = [];
  let atMs = Date.UTC(2026, 0, 15, 5);
  for (let i = 0; i < frames; i++) {
    atMs += mode === "standard" ? 1700 : 2500;
    // Power stays under the 12 kVA subscribed: a historic meter in overrun would send short frames instead.
    meter.setState({ atMs, powerVA: 800 + ((i * 137) % 9000), ...state(i) });
    parts.push(meter.frame());
  }
  return cut(mode, concatByteList(parts), frames);
}

/** Standard mode (9600 baud): blue and white days, HC then HP. */
export function standardStream(frames: number): Stream {
  return meterStream("standard", frames, (i) => ({ period: i % 50 < 25 ? "hc" : "hp", colour: i % 3 === 0 ? "white" : "blue", tomorrow: "unknown" }));
}

/** Historic mode (1200 baud): a red day, HC then HP, tomorrow red too (the "historic 3-phase red day"). */
export function historicStream(frames: number): Stream {
  return meterStream("historic", frames, (i) => ({ period: i % 50 < 25 ? "hc" : "hp", colour: "red", tomorrow: "red" }));
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
  return cut("standard", out, 0);
}

function cut(mode: TicMode, bytes: Uint8Array, frames: number): Stream {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) chunks.push(bytes.subarray(i, i + CHUNK_BYTES));
  return { mode, chunks, bytes: bytes.length, frames };
}

/** A decoder for `mode` whose frames go nowhere (the Device's own listener does as little). */
export function newDecoder(mode: TicMode): TicDecoder {
  return new TicDecoder({ mode, onFrame: () => {} });
}

/** Decode a prepared stream (with a fresh decoder unless given one); returns it (so the work cannot be optimised away). */
export function decodeStream(stream: Stream, decoder = newDecoder(stream.mode)): TicDecoder {
  const chunks = stream.chunks;
  for (let i = 0; i < chunks.length; i++) decoder.push(chunks[i]);
  return decoder;
}
