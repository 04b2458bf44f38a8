// KeyValueStore as one file per key in a directory (host-sim's stand-in for flash preferences).
// Never leaves a half-written value: every set is temp file + fsync + rename + directory fsync.
import * as fs from "node:fs";
import * as path from "node:path";
import { syncDirectory, writeFileAtomic } from "./atomic-file";
import { STORE_KEY_MAX_CHARS, STORE_VALUE_MAX_BYTES, type KeyValueStore } from "../types";

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;
const FILE_SUFFIX = ".bin";
const TEMP_SUFFIX = ".tmp";

export class FileKeyValueStore implements KeyValueStore {
  constructor(private readonly directory: string) {
    fs.mkdirSync(directory, { recursive: true });
  }

  get(key: string): Uint8Array | undefined {
    this.checkKey(key);
    try {
      return new Uint8Array(fs.readFileSync(this.fileOf(key)));
    } catch {
      return undefined;
    }
  }

  set(key: string, value: Uint8Array): void {
    this.checkKey(key);
    // Same limit as the device's flash preferences, so host-sim catches what would fail on the ESP32.
    if (value.length > STORE_VALUE_MAX_BYTES) throw new RangeError(`store: value of ${key} is ${value.length} bytes (max ${STORE_VALUE_MAX_BYTES})`);
    const target = this.fileOf(key);
    writeFileAtomic(target, value, target + TEMP_SUFFIX);
  }

  delete(key: string): void {
    this.checkKey(key);
    try {
      fs.unlinkSync(this.fileOf(key));
      syncDirectory(this.directory);
    } catch {
      // Deleting a missing key is not an error.
    }
  }

  keys(): string[] {
    return fs
      .readdirSync(this.directory)
      .filter((name) => name.endsWith(FILE_SUFFIX))
      .map((name) => name.slice(0, -FILE_SUFFIX.length))
      .sort();
  }

  private fileOf(key: string): string {
    return path.join(this.directory, key + FILE_SUFFIX);
  }

  private checkKey(key: string): void {
    // A bad key is a programming error (keys are constants in our code), hence a throw.
    if (key.length === 0 || key.length > STORE_KEY_MAX_CHARS || !KEY_PATTERN.test(key)) throw new RangeError(`store: bad key "${key}"`);
  }
}
