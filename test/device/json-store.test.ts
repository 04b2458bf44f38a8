// JSON values chunked into the flash key-value store: size limits, rewrites, damaged records.
import fc from "fast-check";
import { STORE_VALUE_MAX_BYTES } from "../../hal/types";
import { deleteJson, readJson, writeJson } from "../../src/device/json-store";
import { MemoryStore } from "../../src/device/memory-store";
import { writeOldLayout } from "./store-cuts";

describe("JSON values chunked into the store", () => {
  test("a value bigger than one flash value is split, every chunk ≤ 4000 bytes and keys ≤ 15 chars, and reads back", () => {
    const store = new MemoryStore(); // throws on an over-long key or value, as the device would
    const value = { loads: Array.from({ length: 120 }, (_, i) => ({ id: `load-${i}`, name: `Radiateur é ${i}`, detail: "x".repeat(40) })) };
    writeJson(store, "app.settings", value);
    expect(store.keys().length).toBeGreaterThan(2);
    for (const key of store.keys()) expect((store.get(key) ?? new Uint8Array()).length).toBeLessThanOrEqual(STORE_VALUE_MAX_BYTES);
    expect(readJson(store, "app.settings").value).toEqual(value);
  });

  test("a rewrite puts its chunks in the other generation, then removes the old ones; delete removes them all", () => {
    const store = new MemoryStore();
    writeJson(store, "app.settings", "é".repeat(5000));
    expect(store.keys()).toEqual(["app.settings", "app.settings_a1", "app.settings_a2"]);
    writeJson(store, "app.settings", "è".repeat(2500));
    expect(store.keys()).toEqual(["app.settings", "app.settings_b1"]);
    expect(readJson(store, "app.settings").value).toEqual("è".repeat(2500));
    writeJson(store, "app.settings", { small: true });
    expect(store.keys()).toEqual(["app.settings"]);
    expect(readJson(store, "app.settings").value).toEqual({ small: true });
    deleteJson(store, "app.settings");
    expect(store.keys()).toEqual([]);
  });

  test("a record stored by the former writer (key, key_1, …) reads, and the first write replaces that layout", () => {
    const store = new MemoryStore();
    const old = { loads: Array.from({ length: 300 }, (_, i) => ({ id: `l${i}`, name: `Radiateur ${i}` })) };
    writeOldLayout(store, "app.settings", old);
    expect(store.keys()).toEqual(["app.settings", "app.settings_1", "app.settings_2"]);
    expect(readJson(store, "app.settings").value).toEqual(old);
    writeJson(store, "app.settings", { loads: [] });
    expect(store.keys()).toEqual(["app.settings"]);
    expect(readJson(store, "app.settings").value).toEqual({ loads: [] });
  });

  test("a head naming a chunk that is missing reads as an error, not as part of a value", () => {
    const store = new MemoryStore();
    writeJson(store, "app.settings", "x".repeat(9000));
    store.delete("app.settings_a2");
    expect(readJson(store, "app.settings")).toEqual({ error: expect.stringContaining("lacks chunk 2 of 3") });
  });

  test("a record too big for the chunk count is refused before anything is written", () => {
    const store = new MemoryStore();
    writeJson(store, "app.settings", { kept: true });
    expect(() => writeJson(store, "app.settings", "x".repeat(200_000))).toThrow(RangeError);
    expect(readJson(store, "app.settings").value).toEqual({ kept: true });
  });

  test("damaged records read as an error, never a throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const store = new MemoryStore();
        store.set("app.owner", bytes);
        const result = readJson(store, "app.owner");
        expect(result.value !== undefined || result.error !== undefined).toBe(true);
      }),
    );
  });
});
