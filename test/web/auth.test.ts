// The owner password, sessions, bearer tokens and rate limit (shared cases, also run on XS), plus what only Node
// can check: our PBKDF2 against OpenSSL's for random inputs.
import { pbkdf2Sync } from "node:crypto";
import fc from "fast-check";
import { bytesToHex } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { pbkdf2Sliced } from "../../src/auth/pbkdf2";
import { AUTH_CASES } from "./auth-cases";

describe("owner password (shared cases, also run on XS)", () => {
  for (const c of AUTH_CASES) {
    test(c.name, async () => {
      const { actual, expected } = await c.run();
      expect(actual).toEqual(expected);
    });
  }
});

test("our sliced PBKDF2 equals OpenSSL's for any password, salt, count, length and slice", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 9 }), async (password, salt, iterations, keyBytes, slice) => {
      const prf = NOBLE_AUTH_PRIMITIVES.keyedPrf(password);
      const ours = await pbkdf2Sliced({ prf, salt, iterations, keyBytes, sliceIterations: slice, yieldFn: () => Promise.resolve() });
      prf.destroy();
      expect(bytesToHex(ours)).toBe(pbkdf2Sync(password, salt, iterations, keyBytes, "sha256").toString("hex"));
    }),
    { numRuns: 200 },
  );
});
