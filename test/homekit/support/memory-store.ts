// In-memory KeyValueStore for tests; `failAfterSets` simulates a power cut after N more writes (later sets throw).
import type { KeyValueStore } from "../../../hal/types";

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, Uint8Array>();
  failAfterSets = Infinity;
  sets = 0;

  get(key: string): Uint8Array | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : v.slice();
  }
  set(key: string, value: Uint8Array): void {
    if (key.length > 15) throw new RangeError(`key too long: ${key}`);
    if (value.length > 4000) throw new RangeError(`value too long for ${key}: ${value.length}`);
    if (this.failAfterSets <= 0) throw new Error("power cut");
    this.failAfterSets--;
    this.sets++;
    this.data.set(key, value.slice());
  }
  delete(key: string): void {
    this.data.delete(key);
  }
  keys(): string[] {
    return Array.from(this.data.keys()).sort();
  }
}
