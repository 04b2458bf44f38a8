// hal/moddable/globals.ts in jest: globalThis.crypto.getRandomValues on the device RNG (hal/moddable/random.ts), with
// the SDK's `rng` and `crypt` played by Node (as in device-crypto.test.ts), and @noble finding it when its modules load.
import type { ed25519 as Ed25519 } from "@noble/curves/ed25519.js";

// jest hoists these above the imports; the factories run at the first require, inside beforeAll.
jest.mock("crypt", () => jest.requireActual("./support/fake-crypt"), { virtual: true });
const mockRngGet = jest.fn((count: number) => new Uint8Array(count).fill(0xa5).buffer);
jest.mock("rng", () => ({ __esModule: true, default: { get: (count: number) => mockRngGet(count) } }), { virtual: true });

interface WebCrypto {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}
const runtime = globalThis as unknown as { crypto: WebCrypto | undefined };
const nodeCrypto = Object.getOwnPropertyDescriptor(globalThis, "crypto");
let mathRandom: jest.SpyInstance;
let drawsAtLoad = 0;

beforeAll(() => {
  // The device has no crypto global: take Node's away so globals.ts installs its own.
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true, writable: true });
  mathRandom = jest.spyOn(Math, "random");
  jest.isolateModules(() => require("../../hal/moddable/globals"));
  drawsAtLoad = mockRngGet.mock.calls.length + mathRandom.mock.calls.length;
});

afterAll(() => {
  mathRandom.mockRestore();
  if (nodeCrypto) Object.defineProperty(globalThis, "crypto", nodeCrypto);
  else delete (globalThis as { crypto?: unknown }).crypto;
});

beforeEach(() => {
  mockRngGet.mockClear();
  mathRandom.mockClear();
});

test("loading draws nothing: preloaded at build time, where no host function can run", () => {
  expect(drawsAtLoad).toBe(0);
  expect(typeof runtime.crypto?.getRandomValues).toBe("function");
  expect(Object.isFrozen(runtime.crypto)).toBe(true);
});

test("getRandomValues fills the caller's array in place from the SDK rng and the hardware Math.random, a 64-byte block at a time", () => {
  const bytes = new Uint8Array(100);
  expect(runtime.crypto!.getRandomValues(bytes)).toBe(bytes);
  expect(mockRngGet.mock.calls).toEqual([[64], [64]]);
  expect(mathRandom.mock.calls.length).toBe(2 * 9);
  expect(bytes.some((b) => b !== 0)).toBe(true);
  expect(runtime.crypto!.getRandomValues(new Uint8Array(100))).not.toEqual(bytes);
});

test("a view is filled over its own window only; more than 65536 bytes is refused as in Web Crypto", () => {
  const buffer = new ArrayBuffer(32);
  const view = new Uint32Array(buffer, 8, 4);
  expect(runtime.crypto!.getRandomValues(view)).toBe(view);
  const all = new Uint8Array(buffer);
  expect(Array.from(all.subarray(0, 8))).toEqual(new Array(8).fill(0));
  expect(Array.from(all.subarray(24))).toEqual(new Array(8).fill(0));
  expect(all.subarray(8, 24).some((b) => b !== 0)).toBe(true);
  expect(() => runtime.crypto!.getRandomValues(new Uint8Array(65537))).toThrow(RangeError);
});

test("@noble finds it: hashes' randomBytes, the curve's load-time probe, and blinded Ed25519 signing", () => {
  let randomBytes: (length: number) => Uint8Array = () => new Uint8Array(0);
  let ed25519: typeof Ed25519 | undefined;
  jest.isolateModules(() => {
    randomBytes = require("@noble/hashes/utils.js").randomBytes;
    ed25519 = require("@noble/curves/ed25519.js").ed25519;
  });
  // Loading the curve probed getRandomValues once: without it, @noble would sign unblinded for good.
  expect(mockRngGet).toHaveBeenCalled();
  mockRngGet.mockClear();
  expect(randomBytes(32)).toHaveLength(32);
  expect(mockRngGet).toHaveBeenCalledTimes(1);

  mockRngGet.mockClear();
  const secretKey = ed25519!.utils.randomSecretKey();
  const signature = ed25519!.sign(new Uint8Array([1, 2, 3]), secretKey);
  expect(ed25519!.verify(signature, new Uint8Array([1, 2, 3]), ed25519!.getPublicKey(secretKey))).toBe(true);
  // One draw for the key, at least one more for the scalar blinding of the signature's nonce point.
  expect(mockRngGet.mock.calls.length).toBeGreaterThan(1);
});
