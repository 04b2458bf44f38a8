import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";

describe("FileKeyValueStore", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("set, get, keys, delete survive a new instance on the same directory", () => {
    const a = new FileKeyValueStore(dir);
    a.set("hap.id", new Uint8Array([1, 2, 3]));
    a.set("other", new Uint8Array([9]));
    const b = new FileKeyValueStore(dir);
    expect(Array.from(b.get("hap.id")!)).toEqual([1, 2, 3]);
    expect(b.keys()).toEqual(["hap.id", "other"]);
    b.delete("other");
    b.delete("missing");
    expect(new FileKeyValueStore(dir).keys()).toEqual(["hap.id"]);
    expect(b.get("other")).toBeUndefined();
  });

  test("a leftover temp file (crash before rename) is neither a key nor a value", () => {
    const store = new FileKeyValueStore(dir);
    store.set("k", new Uint8Array([1]));
    fs.writeFileSync(path.join(dir, "k.bin.tmp"), Buffer.from([7, 7]));
    expect(store.keys()).toEqual(["k"]);
    expect(Array.from(store.get("k")!)).toEqual([1]);
  });

  test("refuses keys over 15 characters and values over 4000 bytes, like the device", () => {
    const store = new FileKeyValueStore(dir);
    expect(() => store.set("a234567890123456", new Uint8Array(1))).toThrow(RangeError);
    expect(() => store.set("../escape", new Uint8Array(1))).toThrow(RangeError);
    expect(() => store.set("big", new Uint8Array(4001))).toThrow(RangeError);
    store.set("max", new Uint8Array(4000));
    expect(store.get("max")!.length).toBe(4000);
  });
});
