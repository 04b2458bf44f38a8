// Power cuts during record writes: a store that dies after its k-th write or delete, and checks run for every k.
// Node-free: jest (test/device/json-store-cuts.test.ts) and the XS lane (test/xs/store.xs.ts) run the same cases.
import { STORE_VALUE_MAX_BYTES, type KeyValueStore } from "../../hal/types";
import { utf8Encode } from "../../lib/bytes";
import { readJson, writeJson } from "../../src/device/json-store";
import { MemoryStore } from "../../src/device/memory-store";

/** The longest record key the box writes (app.settings): its chunk keys reach the 15-character limit. */
export const RECORD_KEY = "app.settings";

export class PowerCut extends Error {}

/** A store that applies its first `budget` writes and deletes, then loses power: every later change throws, nothing lands. */
export class CuttingStore implements KeyValueStore {
  changes = 0;
  constructor(
    readonly inner: KeyValueStore,
    private readonly budget: number,
  ) {}
  get(key: string): Uint8Array | undefined {
    return this.inner.get(key);
  }
  keys(): string[] {
    return this.inner.keys();
  }
  set(key: string, value: Uint8Array): void {
    this.spend();
    this.inner.set(key, value);
  }
  delete(key: string): void {
    this.spend();
    this.inner.delete(key);
  }
  private spend(): void {
    if (this.changes >= this.budget) throw new PowerCut(`power cut after ${this.budget} store changes`);
    this.changes++;
  }
}

/**
 * A settings-like record whose JSON spans exactly `chunks` store chunks. Every load's name carries `tag`, so two
 * values differ in every chunk and a read that pairs chunks of two saves cannot pass for either; French names put
 * chunk borders inside UTF-8 sequences too.
 */
export function valueOfChunks(chunks: number, tag: string): { tag: string; loads: { id: string; name: string }[] } {
  const target = chunks * STORE_VALUE_MAX_BYTES - 600; // inside the last chunk, whatever the head's few bytes
  const value = { tag, loads: [] as { id: string; name: string }[] };
  for (let bytes = utf8Encode(JSON.stringify(value)).length; bytes < target; ) {
    const load = { id: `l${value.loads.length}`, name: `Radiateur séjour ${tag} ${value.loads.length}` };
    bytes += JSON.stringify(load).length + 2; // "é" is two bytes; and the comma
    value.loads.push(load);
  }
  return value;
}

/** The writer boxes had before generations (continuations, then the head), kept to build an old-layout store. */
export function writeOldLayout(store: KeyValueStore, key: string, value: unknown): void {
  const bytes = utf8Encode(JSON.stringify(value));
  const chunks = Math.max(1, Math.ceil(bytes.length / STORE_VALUE_MAX_BYTES));
  for (let n = chunks - 1; n >= 0; n--) {
    store.set(n === 0 ? key : `${key}_${n}`, bytes.subarray(n * STORE_VALUE_MAX_BYTES, (n + 1) * STORE_VALUE_MAX_BYTES));
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The keys a record should own once a write has completed: its head and its live chunks, nothing else. */
export function recordKeys(store: KeyValueStore, key: string): string[] {
  return store.keys().filter((k) => k === key || k.startsWith(`${key}_`));
}

function chunkCountOf(store: KeyValueStore, key: string): number {
  const head = store.get(key);
  return head === undefined ? 0 : parseInt(String.fromCharCode(head[2]), 36);
}

/** After a completed write: the value reads back and the record holds exactly its head and live chunks. */
function checkClean(store: KeyValueStore, key: string, value: unknown, label: string, failures: string[]): void {
  const read = readJson(store, key);
  if (!same(read.value, value)) failures.push(`${label}: read ${JSON.stringify(read).slice(0, 80)} after a completed write`);
  const owned = recordKeys(store, key).length;
  if (owned !== chunkCountOf(store, key)) failures.push(`${label}: ${owned} keys for a ${chunkCountOf(store, key)}-chunk record (leftovers)`);
}

export interface CutReport {
  /** Store changes one uncut write takes (the cut points are 0 … changes). */
  changes: number;
  /** Cut points after which the old value was read, and the new one. */
  readOld: number;
  readNew: number;
  failures: string[];
}

/**
 * Writes a `newChunks`-chunk value over an `oldChunks`-chunk one (0 = no record; `oldLayout` = stored by the former
 * writer), with the power cut after the k-th store change for every k. After each cut the record must read as exactly
 * the old or the new value (never absent when an old one existed, never damaged); the next write then completes and
 * leaves no leftover chunk.
 */
export function cutEveryStep(oldChunks: number, newChunks: number, oldLayout = false): CutReport {
  const oldValue = oldChunks > 0 ? valueOfChunks(oldChunks, "old") : undefined;
  const newValue = valueOfChunks(newChunks, "new");
  const nextValue = valueOfChunks(1 + ((newChunks + oldChunks) % 5), "next");
  const prepared = (): MemoryStore => {
    const store = new MemoryStore();
    if (oldValue !== undefined) (oldLayout ? writeOldLayout : writeJson)(store, RECORD_KEY, oldValue);
    return store;
  };
  const counter = new CuttingStore(prepared(), Number.MAX_SAFE_INTEGER);
  writeJson(counter, RECORD_KEY, newValue);
  const report: CutReport = { changes: counter.changes, readOld: 0, readNew: 0, failures: [] };
  for (let k = 0; k <= report.changes; k++) {
    const store = prepared();
    const label = `${oldLayout ? "old-layout " : ""}${oldChunks} → ${newChunks} chunks, cut after ${k} of ${report.changes}`;
    try {
      writeJson(new CuttingStore(store, k), RECORD_KEY, newValue);
      if (k < report.changes) report.failures.push(`${label}: the write finished early`);
    } catch (error) {
      if (!(error instanceof PowerCut)) report.failures.push(`${label}: threw ${String(error)}`);
    }
    const read = readJson(store, RECORD_KEY);
    if (oldValue !== undefined && same(read.value, oldValue)) report.readOld++;
    else if (same(read.value, newValue)) report.readNew++;
    else if (!(oldValue === undefined && read.value === undefined && read.error === undefined)) {
      report.failures.push(`${label}: read ${JSON.stringify(read).slice(0, 80)}`);
    }
    if (k === report.changes) checkClean(store, RECORD_KEY, newValue, label, report.failures);
    // Power back: the next save completes and sweeps whatever the cut left.
    writeJson(store, RECORD_KEY, nextValue);
    checkClean(store, RECORD_KEY, nextValue, `${label}, then the next write`, report.failures);
  }
  return report;
}

/** Deterministic 32-bit LCG: the same sequence on Node and XS. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * A long life of saves of 1-, 5- and 15-chunk values, most of them cut at a random store change, on one store (so
 * leftovers of one cut meet the next write). After every attempt the record reads as the last value a save completed
 * or the one being saved; after every completed save the record holds no leftover.
 */
export function chainOfCuts(seed: number, saves: number): { completed: number; cut: number; failures: string[] } {
  const random = lcg(seed);
  const sizes = [1, 5, 15];
  const store = new MemoryStore();
  let inForce: unknown = undefined;
  const out = { completed: 0, cut: 0, failures: [] as string[] };
  for (let i = 0; i < saves; i++) {
    const value = valueOfChunks(sizes[Math.floor(random() * sizes.length)], `v${i}`);
    const budget = random() < 0.25 ? Number.MAX_SAFE_INTEGER : Math.floor(random() * 34);
    let done = false;
    try {
      writeJson(new CuttingStore(store, budget), RECORD_KEY, value);
      done = true;
    } catch (error) {
      if (!(error instanceof PowerCut)) out.failures.push(`save ${i}: threw ${String(error)}`);
    }
    const read = readJson(store, RECORD_KEY);
    if (same(read.value, value)) inForce = value;
    else if (!same(read.value, inForce)) out.failures.push(`save ${i}: read ${JSON.stringify(read).slice(0, 80)}`);
    if (done) {
      out.completed++;
      checkClean(store, RECORD_KEY, value, `save ${i}`, out.failures);
    } else out.cut++;
  }
  return out;
}
