// JSON values in a KeyValueStore, split into ≤ 4000-byte chunks (flash preferences cap each value).
// Never throws on a damaged record: a missing or unreadable value reads as undefined and is reported.
import { STORE_VALUE_MAX_BYTES, type KeyValueStore } from "../../hal/types";
import { concatByteList, utf8Decode, utf8Encode } from "../../lib/bytes";

// Chunk n > 0 lives at `${key}_${n}`: keys stay ≤ 15 characters for keys ≤ 12 characters and ≤ 99 chunks.
const CHUNK_SEPARATOR = "_";

export function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  const bytes = utf8Encode(JSON.stringify(value));
  const chunks = Math.max(1, Math.ceil(bytes.length / STORE_VALUE_MAX_BYTES));
  // Continuations first, head last. Each key is atomic, not the record: a power cut mid-write can pair an old head
  // with new continuations; readJson then reports invalid JSON and the caller falls back to defaults (never a throw).
  for (let n = chunks - 1; n >= 0; n--) {
    const part = bytes.subarray(n * STORE_VALUE_MAX_BYTES, (n + 1) * STORE_VALUE_MAX_BYTES);
    store.set(n === 0 ? key : `${key}${CHUNK_SEPARATOR}${n}`, part);
  }
  for (let n = chunks; store.get(`${key}${CHUNK_SEPARATOR}${n}`) !== undefined; n++) store.delete(`${key}${CHUNK_SEPARATOR}${n}`);
}

export function readJson(store: KeyValueStore, key: string): { value?: unknown; error?: string } {
  const head = store.get(key);
  if (head === undefined) return {};
  const parts: Uint8Array[] = [head];
  for (let n = 1; ; n++) {
    const part = store.get(`${key}${CHUNK_SEPARATOR}${n}`);
    if (part === undefined) break;
    parts.push(part);
  }
  // Chunks split at arbitrary byte offsets (maybe inside a UTF-8 sequence): decode the joined record.
  const text = utf8Decode(concatByteList(parts));
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: `stored value "${key}" is not valid JSON (${text.length} chars)` };
  }
}

export function deleteJson(store: KeyValueStore, key: string): void {
  store.delete(key);
  for (let n = 1; store.get(`${key}${CHUNK_SEPARATOR}${n}`) !== undefined; n++) store.delete(`${key}${CHUNK_SEPARATOR}${n}`);
}
