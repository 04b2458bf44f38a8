// JSON records in a KeyValueStore, split into ≤ 4000-byte chunks and written as a transaction (flash keeps each key
// atomic, not a record). Never throws on a damaged record (it reads as { error }) and never lets a read mix two writes.
import { STORE_KEY_MAX_CHARS, STORE_VALUE_MAX_BYTES, type KeyValueStore } from "../../hal/types";
import { concatByteList, utf8Decode, utf8Encode } from "../../lib/bytes";
import { jsonText } from "../../lib/json";

/*
 * Layout of record `key` (keys ≤ 15 chars, [A-Za-z0-9_.-]):
 *   key       the head: "#", the generation ("a" or "b"), the chunk count (one base-36 digit), then the record's
 *             first bytes. It is the pointer: the one key whose single atomic write switches to a new value.
 *   key_a1 …  the other chunks of generation a (key_b1 … of generation b), index in base 36.
 * A write puts the new generation's chunks under the generation the head does not name, then writes the head,
 * then deletes every other chunk of the record: a power cut at any point leaves the old value or the new one.
 * A value that fits the head (most records) is one key write.
 *
 * Old layout (boxes before generations): key = the first bytes of the JSON, key_1, key_2 … the rest. JSON never
 * starts with "#", so a head tells the layouts apart. It is still read; the first write replaces it in the same
 * order (new chunks, then the head, then the old key_N deleted), so the migration is as kill-safe as any write.
 */
const HEAD_MARK = 0x23; // "#"
const HEAD_BYTES = 3;
type Generation = "a" | "b";
const CHUNK_SEPARATOR = "_";
/** One base-36 digit counts the chunks: 35 × ~4000 B ≈ 140 KB, far above any record the box writes (settings are bounded). */
const MAX_CHUNKS = 35;
const NEW_CHUNK_SUFFIX = /^[ab][1-9a-z]$/;
const OLD_CHUNK_SUFFIX = /^[0-9]+$/;

/** The head's generation and chunk count, or null for an old-layout head (or a damaged one). */
function parseHead(head: Uint8Array): { generation: Generation; chunks: number } | null {
  if (head.length < HEAD_BYTES || head[0] !== HEAD_MARK) return null;
  const generation = String.fromCharCode(head[1]);
  const chunks = parseInt(String.fromCharCode(head[2]), 36);
  if ((generation !== "a" && generation !== "b") || !(chunks >= 1 && chunks <= MAX_CHUNKS)) return null;
  return { generation, chunks };
}

function chunkKey(key: string, generation: Generation, index: number): string {
  return `${key}${CHUNK_SEPARATOR}${generation}${index.toString(36)}`;
}

/** Writes `value` so that a power cut at any moment leaves the old or the new value readable, never a mix. */
export function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  const bytes = utf8Encode(jsonText(value));
  const headRoom = STORE_VALUE_MAX_BYTES - HEAD_BYTES;
  const chunks = 1 + Math.ceil(Math.max(0, bytes.length - headRoom) / STORE_VALUE_MAX_BYTES);
  // Programming errors, caught before anything is written: callers bound their records (settings: MAX_LOADS).
  if (chunks > MAX_CHUNKS) throw new RangeError(`record "${key}" is ${bytes.length} bytes, over ${MAX_CHUNKS} chunks`);
  if (chunks > 1 && key.length + 3 > STORE_KEY_MAX_CHARS) throw new RangeError(`record key "${key}" too long for chunks`);
  const current = readHead(store, key);
  const generation: Generation = current?.generation === "a" ? "b" : "a";
  for (let n = 1; n < chunks; n++) {
    const from = headRoom + (n - 1) * STORE_VALUE_MAX_BYTES;
    store.set(chunkKey(key, generation, n), bytes.subarray(from, from + STORE_VALUE_MAX_BYTES));
  }
  const head = new Uint8Array(HEAD_BYTES + Math.min(bytes.length, headRoom));
  head[0] = HEAD_MARK;
  head[1] = generation.charCodeAt(0);
  head[2] = chunks.toString(36).charCodeAt(0);
  head.set(bytes.subarray(0, headRoom), HEAD_BYTES);
  store.set(key, head); // the switch
  deleteChunks(store, key, { generation, chunks });
}

/** The record, {} when absent, { error } when damaged; never throws. */
export function readJson(store: KeyValueStore, key: string): { value?: unknown; error?: string } {
  const head = store.get(key);
  if (head === undefined) return {};
  const parts = head[0] === HEAD_MARK ? generationParts(store, key, head) : oldLayoutParts(store, key, head);
  if (typeof parts === "string") return { error: `stored value "${key}" ${parts}` };
  // Chunks split at arbitrary byte offsets (maybe inside a UTF-8 sequence): decode the joined record.
  const text = utf8Decode(concatByteList(parts));
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: `stored value "${key}" is not valid JSON (${text.length} chars)` };
  }
}

/** Removes the record: the head first (the record is gone at once), then its chunks. */
export function deleteJson(store: KeyValueStore, key: string): void {
  store.delete(key);
  deleteChunks(store, key, null);
}

function readHead(store: KeyValueStore, key: string): { generation: Generation; chunks: number } | null {
  const head = store.get(key);
  return head === undefined ? null : parseHead(head);
}

function generationParts(store: KeyValueStore, key: string, head: Uint8Array): Uint8Array[] | string {
  const layout = parseHead(head);
  if (!layout) return "has a damaged head";
  const parts = [head.subarray(HEAD_BYTES)];
  if (layout.chunks > 1 && key.length + 3 > STORE_KEY_MAX_CHARS) return "names chunks its key cannot have";
  for (let n = 1; n < layout.chunks; n++) {
    const part = store.get(chunkKey(key, layout.generation, n));
    if (part === undefined) return `lacks chunk ${n} of ${layout.chunks}`;
    parts.push(part);
  }
  return parts;
}

function oldLayoutParts(store: KeyValueStore, key: string, head: Uint8Array): Uint8Array[] {
  const parts = [head];
  for (let n = 1; ; n++) {
    const name = `${key}${CHUNK_SEPARATOR}${n}`;
    if (name.length > STORE_KEY_MAX_CHARS) break; // the old writer could not have written it
    const part = store.get(name);
    if (part === undefined) break;
    parts.push(part);
  }
  return parts;
}

/**
 * Deletes every chunk of `key` but the live ones: the old generation, old-layout chunks, and what an interrupted
 * write or delete left. Bounded by the number of keys in the store; runs after every write, so leftovers never pile up.
 */
function deleteChunks(store: KeyValueStore, key: string, live: { generation: Generation; chunks: number } | null): void {
  const prefix = key + CHUNK_SEPARATOR;
  for (const name of store.keys()) {
    if (name.length <= prefix.length || !name.startsWith(prefix)) continue;
    const suffix = name.slice(prefix.length);
    if (OLD_CHUNK_SUFFIX.test(suffix)) store.delete(name);
    else if (NEW_CHUNK_SUFFIX.test(suffix)) {
      const index = parseInt(suffix.slice(1), 36);
      if (!live || suffix[0] !== live.generation || index >= live.chunks) store.delete(name);
    }
  }
}
