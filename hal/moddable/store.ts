// KeyValueStore on the Moddable `preference` module (ESP32 NVS flash), all keys in one domain.
// Never writes a value over 4000 bytes or a key over 15 chars: callers chunk (src/device/json-store.ts).
import Preference from "preference";
import { STORE_KEY_MAX_CHARS, STORE_VALUE_MAX_BYTES, type KeyValueStore } from "../types";

const DOMAIN = "delesteur";

export class PreferenceStore implements KeyValueStore {
  get(key: string): Uint8Array | undefined {
    const value = Preference.get(DOMAIN, key);
    return value instanceof ArrayBuffer ? new Uint8Array(value) : undefined;
  }

  set(key: string, value: Uint8Array): void {
    if (key.length === 0 || key.length > STORE_KEY_MAX_CHARS) throw new RangeError(`preference key "${key}" too long`);
    if (value.length > STORE_VALUE_MAX_BYTES) throw new RangeError(`preference "${key}" is ${value.length} bytes`);
    // NVS writes a key atomically: a power cut leaves the old or the new value.
    Preference.set(DOMAIN, key, value.slice().buffer);
  }

  delete(key: string): void {
    Preference.delete(DOMAIN, key);
  }

  keys(): string[] {
    return Preference.keys(DOMAIN);
  }
}
