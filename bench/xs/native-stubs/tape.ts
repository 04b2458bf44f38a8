// Stand-ins for the device's native modules (`crypt`, `sodium`, `montgomery`) in the HAP remainder bench on xsnap:
// in "record" mode they compute with @noble and keep each output; in "replay" mode they hand the kept outputs back in
// the same order, so what the meter counts is the device's own JS around native calls. Never used on a device.
import { chacha20 } from "@noble/ciphers/chacha.js";
import { poly1305 } from "@noble/ciphers/_poly1305.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { modPowWindow } from "../../../homekit/crypto/modpow";

// No precomputed base-point table for the recording: it would stay live and slow every collection of the heap bench.
ed25519.Point.BASE.precompute(1);

export type Bytes = ArrayBuffer | ArrayBufferView;
export const view = (b: Bytes): Uint8Array => (ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b));

/** One native call: its name and the work it did, in the units the chip estimate is made of. */
export interface NativeCall {
  op: string;
  /** bytes hashed, enciphered or authenticated; Montgomery multiplications for `montgomery.step` */
  amount: number;
}

let mode: "record" | "replay" = "record";
const outputs: ArrayBuffer[] = [];
let at = 0;
export const calls: NativeCall[] = [];

export function startRecording(): void {
  mode = "record";
  outputs.length = 0;
  resultTape.length = 0;
}
export function startReplay(): void {
  mode = "replay";
  at = 0;
  resultAt = 0;
}

/** The native call's result: computed (record) or taken from the tape (replay), always a fresh ArrayBuffer. */
export function native(op: string, amount: number, compute: () => Uint8Array | undefined): ArrayBuffer | undefined {
  calls.push({ op, amount });
  if (mode === "record") {
    const out = compute();
    const copy = out === undefined ? undefined : out.slice().buffer;
    outputs.push(copy as ArrayBuffer);
    return copy === undefined ? undefined : copy.slice(0);
  }
  if (at >= outputs.length) throw new Error(`replay ran past the tape at ${op}`);
  const out = outputs[at++];
  return out === undefined ? undefined : out.slice(0);
}

// crypt
export class Digest {
  private parts: Uint8Array[] = [];
  private length = 0;
  constructor(type: string) {
    if (type !== "SHA512") throw new Error(type);
  }
  reset(): void {
    this.parts = [];
    this.length = 0;
  }
  write(data: Bytes): void {
    if (mode === "record") this.parts.push(view(data).slice());
    this.length += view(data).length;
  }
  close(): ArrayBuffer {
    return native("sha512", this.length, () => {
      const all = new Uint8Array(this.length);
      let offset = 0;
      for (const p of this.parts) all.set(p, (offset += p.length) - p.length);
      return sha512(all);
    })!;
  }
}
export class StreamCipher {
  constructor(
    _name: string,
    private readonly key: ArrayBuffer,
    private readonly iv: ArrayBuffer,
    private readonly counter: number,
  ) {}
  encrypt(data: Bytes): ArrayBuffer {
    return native("chacha20", view(data).length, () => chacha20(new Uint8Array(this.key), new Uint8Array(this.iv), view(data).slice(), undefined, this.counter))!;
  }
}

// sodium
export const x25519Op = (scalar: Bytes, point: Bytes) =>
  native("x25519", 0, () => {
    try {
      return x25519.getSharedSecret(view(scalar), view(point));
    } catch {
      return undefined;
    }
  });
export const x25519BaseOp = (scalar: Bytes) => native("x25519Base", 0, () => x25519.getPublicKey(view(scalar)))!;
let lastSeed = "";
export const ed25519PublicKeyOp = (seed: Bytes) => {
  const key = Array.from(view(seed)).join();
  const cached = key === lastSeed;
  lastSeed = key;
  return native(cached ? "ed25519PublicKey(cached)" : "ed25519PublicKey", 0, () => ed25519.getPublicKey(view(seed)))!;
};
export const ed25519SignOp = (seed: Bytes, message: Bytes) => native("ed25519Sign", view(message).length, () => ed25519.sign(view(message), view(seed)))!;
export const ed25519VerifyOp = (publicKey: Bytes, message: Bytes, signature: Bytes): boolean =>
  new Uint8Array(native("ed25519Verify", view(message).length, () => new Uint8Array([ed25519.verify(view(signature), view(message), view(publicKey)) ? 1 : 0]))!)[0] === 1;
export const poly1305Op = (key: Bytes, message: Bytes) => native("poly1305", view(message).length, () => poly1305(view(message), view(key)))!;
export const aeadTagOp = (key: Bytes, aad: Bytes, ciphertext: Bytes) =>
  native("aeadTag", view(aad).length + view(ciphertext).length, () => {
    const pad = (n: number) => Math.ceil(n / 16) * 16;
    const a = view(aad);
    const c = view(ciphertext);
    const data = new Uint8Array(pad(a.length) + pad(c.length) + 16);
    data.set(a, 0);
    data.set(c, pad(a.length));
    data[data.length - 16] = a.length & 0xff;
    data[data.length - 15] = a.length >> 8;
    data[data.length - 8] = c.length & 0xff;
    data[data.length - 7] = c.length >> 8;
    return poly1305(data, view(key));
  })!;

// montgomery: the same buffer sizes as montgomery.c allocates, so the heap the JS holds is the device's.
const MONTGOMERY_TABLE = 16;
const limbsOf = (bytes: number) => Math.ceil(bytes / 4);
const moduli = new WeakMap<ArrayBuffer, bigint>();
const jobs = new WeakMap<ArrayBuffer, { base: bigint; exponent: bigint; left: number }>();
// Numbers cross as hex text, as with montgomery.c; parsing it here is the stub's cost, not the device's.
export function contextOp(modulus: string): ArrayBuffer {
  calls.push({ op: "montgomery.context", amount: 0 });
  const buffer = new ArrayBuffer(8 + 2 * limbsOf(Math.ceil(modulus.length / 2)) * 4);
  moduli.set(buffer, BigInt(`0x${modulus}`));
  return buffer;
}
export function startOp(context: ArrayBuffer, base: string, exponent: string): ArrayBuffer {
  const m = moduli.get(context)!;
  const limbs = limbsOf(Math.ceil(m.toString(16).length / 2));
  const bits = exponent.replace(/^0+/, "").length * 4; // an upper bound, as the C's exponent limbs
  calls.push({ op: "montgomery.start", amount: 1 });
  const state = new ArrayBuffer(24 + ((MONTGOMERY_TABLE + 1) * limbs + Math.ceil(bits / 32)) * 4);
  const e = BigInt(`0x${exponent}`);
  jobs.set(state, { base: BigInt(`0x${base}`), exponent: e, left: 15 + 5 * Math.ceil(e.toString(2).length / 4) });
  return state;
}
export function stepOp(_context: ArrayBuffer, state: ArrayBuffer, budget: number): boolean {
  const job = jobs.get(state)!;
  const done = Math.min(budget, job.left);
  job.left -= done;
  calls.push({ op: "montgomery.step", amount: done });
  return job.left === 0;
}
// The C returns hex text; the tape keeps it as text so replaying costs no conversion the device does not make.
const resultTape: string[] = [];
let resultAt = 0;
export function resultOp(context: ArrayBuffer, state: ArrayBuffer): string {
  calls.push({ op: "montgomery.result", amount: 1 });
  if (mode === "replay") return resultTape[resultAt++];
  const m = moduli.get(context)!;
  const job = jobs.get(state)!;
  const hex = modPowWindow(job.base, job.exponent, m).toString(16).padStart(m.toString(16).length, "0");
  resultTape.push(hex);
  return hex;
}
