// The device's pairing on the chip, estimated: the JS that remains around native primitives (compute units on xsnap,
// deterministic) × issue #17's measured µs per unit, plus each native call's estimated chip time. Used by hap-pairing.ts.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
// @ts-expect-error plain ESM helper without type declarations
import { xsnapBinary } from "../test/xs/run.mjs";
// @ts-expect-error plain ESM helper without type declarations
import { xsnapHeapBinary } from "./xs/xsnap-heap.mjs";
import { EXCHANGES, type ExchangeName } from "./xs/hap-pairing-workload";
import type { NativeCall } from "./xs/native-stubs/tape";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * µs of C3 time per xsnap compute unit for plain JS (objects, TLV, bytes): issue #17's emulated C3 ran a standard
 * frame decode at 0.63 µs per unit and a dispatch at 0.54 (README, Benchmarks); the higher is used.
 */
export const C3_US_PER_UNIT = 0.63;

/**
 * Estimated C3 time of each native call, ms, on issue #17's clock of 8 ns per RV32 instruction. An estimate, not a
 * measurement (no chip here):
 * - our Montgomery multiplication is counted: its two inner loops compile (gcc 12 -O2 -march=rv32imc) to 14
 *   instructions run 96² times each, ≈ 262 k instructions;
 * - libsodium's curves are counted in field multiplications (32-bit ref10: ≈ 760 instructions per multiplication,
 *   ≈ 450 per squaring, built like the loop above): X25519 ≈ 255 ladder steps of 5M + 4S + an inversion ≈ 1.6 M
 *   instructions; a base-point multiplication (sign, public keys) ≈ 64 table lookups and additions ≈ 0.6 M; verify
 *   ≈ a double-scalar multiplication and a decompression ≈ 1.7 M;
 * - SHA-512, ChaCha20 and Poly1305 are the lin self-test's times × 100, the ratio our Montgomery multiplication
 *   showed between this PC (≈ 20 µs) and its count above (2.1 ms).
 */
export const NATIVE_C3_MS = Object.freeze({
  montgomeryMultiplication: 2.1,
  /** R² mod N by 6,144 doublings of a 96-limb number ≈ 6 M instructions; once per boot. */
  montgomeryContext: 50,
  /** SHA-512 per 128-byte block: 1 KB in 0.011–0.02 ms on lin. */
  sha512Block: 0.14,
  /** ChaCha20 per 64-byte block: a 1 KB seal in 0.023 ms on lin, half of it ChaCha. */
  chachaBlock: 0.08,
  /** Poly1305 per 16-byte block: 1 KB in 0.016 ms on lin. */
  polyBlock: 0.025,
  x25519: 13,
  /** libsodium derives X25519 public keys on the Edwards base-point table. */
  x25519Base: 5,
  ed25519PublicKey: 5,
  /** Plus two SHA-512 passes over the message (counted per block below). */
  ed25519Sign: 5,
  ed25519Verify: 14,
});

/** One native call's estimated C3 ms. */
export function nativeMs(call: NativeCall): number {
  const n = NATIVE_C3_MS;
  const blocks = (size: number, block: number) => Math.max(1, Math.ceil(size / block));
  switch (call.op) {
    case "sha512":
      return blocks(call.amount + 17, 128) * n.sha512Block;
    case "random": // the device hashes nine hardware draws per 64 bytes with the native SHA-512
      return blocks(call.amount, 64) * n.sha512Block;
    case "chacha20":
      return blocks(call.amount, 64) * n.chachaBlock;
    case "aeadTag":
    case "poly1305":
      return (blocks(call.amount, 16) + 1) * n.polyBlock;
    case "x25519":
      return n.x25519;
    case "x25519Base":
      return n.x25519Base;
    case "ed25519PublicKey":
      return n.ed25519PublicKey;
    case "ed25519PublicKey(cached)":
      return 0.01;
    case "ed25519Sign":
      return n.ed25519Sign + blocks(call.amount, 128) * 2 * n.sha512Block;
    case "ed25519Verify":
      return n.ed25519Verify + blocks(call.amount, 128) * n.sha512Block;
    case "montgomery.context":
      return n.montgomeryContext;
    case "montgomery.start":
    case "montgomery.result":
    case "montgomery.step":
      return call.amount * n.montgomeryMultiplication;
    default:
      throw new Error(`no chip estimate for native call ${call.op}`);
  }
}

export interface RemainderRow {
  name: ExchangeName;
  units: number;
  nativeMs: number;
  chipMs: number;
  slices: number;
  longestSliceMs: number;
  longestSliceUnits: number;
  calls: string;
}

/** Bundles an XS entry with the device's native modules aliased to the replaying stubs, runs it, returns its lines. */
async function runWithStubs(entry: string, binary: string): Promise<{ line?: string; lines: string[]; failure: string }> {
  const stubs = join(here, "xs/native-stubs");
  const outFile = join(here, `../build/bench/${entry.replace(/-entry\.ts$/, "")}.xs.mjs`);
  mkdirSync(dirname(outFile), { recursive: true });
  await build({
    entryPoints: [join(here, "xs", entry)], outfile: outFile, bundle: true, format: "esm", platform: "neutral", target: "es2022",
    supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
    alias: { crypt: join(stubs, "crypt.ts"), sodium: join(stubs, "sodium.ts"), montgomery: join(stubs, "montgomery.ts") },
  });
  const run = spawnSync(binary, ["-m", outFile], { encoding: "utf8", timeout: 600_000 });
  const lines = (run.stdout ?? "").split("\n");
  return { line: lines.find((l) => l.startsWith("{")), lines, failure: `xsnap gave no result (exit ${run.status}): ${run.stdout}${run.stderr}` };
}

/** Heap of the HAP stack per part, with the device crypto: live chunk bytes and slots (64-bit xsnap). */
export async function measureHeap(): Promise<Record<string, { chunks: number; slots: number }> | string> {
  const { line, failure } = await runWithStubs("hap-heap-entry.ts", xsnapHeapBinary());
  return line ? JSON.parse(line) : failure;
}

/** Runs the exchanges on xsnap with stub natives; per exchange the JS units, native estimate and longest slice. */
export async function measureRemainder(): Promise<RemainderRow[] | string> {
  const { line, lines, failure } = await runWithStubs("hap-remainder-entry.ts", xsnapBinary());
  if (!line) return failure;
  const warnings = lines.filter((l) => l.startsWith("warning"));
  if (warnings.length) process.stdout.write(`${warnings.join("\n")}\n`);
  const data = JSON.parse(line) as Record<ExchangeName, { units: number; calls: NativeCall[] }[]>;
  return EXCHANGES.map((name) => {
    const slices = data[name].map((s) => ({ units: s.units, nativeMs: s.calls.reduce((sum, c) => sum + nativeMs(c), 0), calls: s.calls }));
    const sliceMs = (s: (typeof slices)[number]) => (s.units * C3_US_PER_UNIT) / 1000 + s.nativeMs;
    const longest = slices.reduce((a, b) => (sliceMs(b) > sliceMs(a) ? b : a));
    const units = slices.reduce((sum, s) => sum + s.units, 0);
    const native = slices.reduce((sum, s) => sum + s.nativeMs, 0);
    const counts = new Map<string, number>();
    for (const s of slices) for (const c of s.calls) counts.set(c.op, (counts.get(c.op) ?? 0) + (c.op === "montgomery.step" ? c.amount : 1));
    return {
      name,
      units,
      nativeMs: native,
      chipMs: (units * C3_US_PER_UNIT) / 1000 + native,
      slices: slices.length,
      longestSliceMs: sliceMs(longest),
      longestSliceUnits: Math.max(...slices.map((s) => s.units)),
      calls: [...counts].map(([op, n]) => `${op.replace("montgomery.step", "montMul")}×${n}`).join(" "),
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await measureRemainder(), null, 1)}\n${JSON.stringify(await measureHeap(), null, 1)}\n`);
}
