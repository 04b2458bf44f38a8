// lib/bytes' BigInt ↔ bytes conversions, which SRP runs on 384-byte numbers inside its slices (3 bytes per step since
// the device's pairing was measured): equal to the plain hex route for every length and padding.
import fc from "fast-check";
import { bigIntToBytes, bytesToBigInt, bytesToHex } from "../../lib/bytes";

test("bytesToBigInt and bigIntToBytes agree with hex for 0–400 bytes and any padding", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 420 }), (bytes, lengthBytes) => {
      const expected = BigInt(`0x0${bytesToHex(bytes)}`);
      expect(bytesToBigInt(bytes)).toBe(expected);
      const out = bigIntToBytes(expected, lengthBytes);
      const minimal = expected === 0n ? 1 : Math.ceil(expected.toString(16).length / 2);
      expect(out.length).toBe(Math.max(lengthBytes, minimal));
      expect(BigInt(`0x0${bytesToHex(out)}`)).toBe(expected);
    }),
    { numRuns: 1000 },
  );
  expect(Array.from(bigIntToBytes(0n))).toEqual([0]);
  expect(Array.from(bigIntToBytes(0x1234567n))).toEqual([0x01, 0x23, 0x45, 0x67]);
  expect(Array.from(bigIntToBytes(0xabcdefn, 5))).toEqual([0, 0, 0xab, 0xcd, 0xef]);
  expect(bytesToBigInt(new Uint8Array([0, 0, 1, 2]))).toBe(0x102n);
});
