// A KeyValueStore in memory, with the same limits as flash (keys ≤ 15 chars, values ≤ 4000 bytes).
// For tests and for a box running without persistence; never writes anywhere durable.
import { STORE_KEY_MAX_CHARS, STORE_VALUE_MAX_BYTES, type KeyValueStore } from "../../hal/types";

export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    const value = this.values.get(key);
    return value ? value.slice() : undefined;
  }

  set(key: string, value: Uint8Array): void {
    // A programming error, not bad input: the same call would fail on the device.
    if (key.length === 0 || key.length > STORE_KEY_MAX_CHARS) throw new RangeError(`store key "${key}" must be 1..${STORE_KEY_MAX_CHARS} chars`);
    if (value.length > STORE_VALUE_MAX_BYTES) throw new RangeError(`store value for "${key}" is ${value.length} bytes > ${STORE_VALUE_MAX_BYTES}`);
    this.values.set(key, value.slice());
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  keys(): string[] {
    return Array.from(this.values.keys()).sort();
  }
}
