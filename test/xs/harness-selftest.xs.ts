// Proves the XS lane itself: the engine is XS (no Node globals) and the harness counts results.
import { assert, assertEqual, assertThrows, run, test } from "./harness";

declare const globalThis: Record<string, unknown>;

test("runs on XS, not Node", () => {
  assert(typeof globalThis.process === "undefined", "process must not exist on XS");
  assert(typeof globalThis.print === "function", "xsnap provides print");
});

test("BigInt and typed arrays behave", () => {
  assertEqual((2n ** 64n).toString(16), "10000000000000000");
  assertEqual(Array.from(new Uint8Array([1, 2, 3]).subarray(1)), [2, 3]);
});

test("assertThrows catches a throw", () => {
  assertThrows(() => {
    throw new Error("boom");
  }, "throwing function");
});

await run("harness");
