// JSON values chunked into the flash key-value store: size limits, rewrites, damaged records.
import fc from "fast-check";
import { STORE_VALUE_MAX_BYTES } from "../../hal/types";
import { deleteJson, readJson, writeJson } from "../../src/device/json-store";
import { MemoryStore } from "../../src/device/memory-store";

describe("JSON values chunked into the store", () => {
  test("a value bigger than one flash value is split, every chunk ≤ 4000 bytes and keys ≤ 15 chars, and reads back", () => {
    const store = new MemoryStore(); // throws on an over-long key or value, as the device would
    const value = { loads: Array.from({ length: 120 }, (_, i) => ({ id: `load-${i}`, name: `Radiateur é ${i}`, detail: "x".repeat(40) })) };
    writeJson(store, "app.settings", value);
    expect(store.keys().length).toBeGreaterThan(2);
    for (const key of store.keys()) expect((store.get(key) ?? new Uint8Array()).length).toBeLessThanOrEqual(STORE_VALUE_MAX_BYTES);
    expect(readJson(store, "app.settings").value).toEqual(value);
  });

  test("a shorter rewrite removes the old continuation chunks; delete removes them all", () => {
    const store = new MemoryStore();
    writeJson(store, "app.settings", "é".repeat(5000));
    expect(store.keys()).toEqual(["app.settings", "app.settings_1", "app.settings_2"]);
    writeJson(store, "app.settings", { small: true });
    expect(store.keys()).toEqual(["app.settings"]);
    expect(readJson(store, "app.settings").value).toEqual({ small: true });
    deleteJson(store, "app.settings");
    expect(store.keys()).toEqual([]);
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
