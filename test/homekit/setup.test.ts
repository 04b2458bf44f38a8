// Setup code, setup ID, X-HM:// URI and `sh` hash: rules of DOMAIN §4, checked against HAP-NodeJS's implementation.
import { createHash, getRandomValues } from "node:crypto";
import fc from "fast-check";
import { Accessory } from "hap-nodejs";
import { TRIVIAL_SETUP_CODES, generateSetupCode, generateSetupId, isValidSetupId, validateSetupCode } from "../../homekit/setup-code";
import { CATEGORY_THERMOSTAT, base64, setupHash, setupUri } from "../../homekit/setup-uri";

const random = (n: number) => getRandomValues(new Uint8Array(n));

/** HAP-NodeJS's setupURI() for the same code/ID/category (it reads these private fields once published). */
function hapNodeJsUri(setupCode: string, setupId: string, category: number): string {
  const accessory = new Accessory("Peer", "e9a8c0a4-3c1b-4a43-8d5e-0c5b2b0f9a11") as unknown as {
    _accessoryInfo: { pincode: string; category: number };
    _setupID: string;
    setupURI(): string;
  };
  accessory._accessoryInfo = { pincode: setupCode, category };
  accessory._setupID = setupId;
  return accessory.setupURI();
}

describe("setup code", () => {
  test.each(["000-00-000", "111-11-111", "999-99-999", ...TRIVIAL_SETUP_CODES])("refuses trivial %s", (code) => {
    expect(validateSetupCode(code).ok).toBe(false);
  });

  test.each(["12345678", "123-456-78", "abc-de-fgh", "123-45-6789", " 031-45-154", ""])("refuses malformed %p", (code) => {
    const check = validateSetupCode(code);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/3-2-3 digits/);
  });

  test("accepts an ordinary code", () => {
    expect(validateSetupCode("031-45-154")).toEqual({ ok: true });
  });

  test("generated codes are well formed, valid and varied", () => {
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = generateSetupCode(random);
      expect(validateSetupCode(code)).toEqual({ ok: true });
      codes.add(code);
    }
    expect(codes.size).toBeGreaterThan(190);
  });

  test("a random source that first yields a trivial code still gives a valid one", () => {
    // Bytes 1,1,1,... would give 111-11-111; the generator must reject it and draw again.
    let call = 0;
    const scripted = (n: number) => (call++ === 0 ? new Uint8Array(n).fill(1) : Uint8Array.from({ length: n }, (_, i) => (i * 37 + 3) & 0xff));
    const code = generateSetupCode(scripted);
    expect(code).not.toBe("111-11-111");
    expect(validateSetupCode(code).ok).toBe(true);
    expect(call).toBeGreaterThan(1);
  });

  test("setup IDs are 4 characters of [0-9A-Z]", () => {
    for (let i = 0; i < 100; i++) expect(isValidSetupId(generateSetupId(random))).toBe(true);
    expect(isValidSetupId("ab12")).toBe(false);
  });
});

describe("setup URI", () => {
  test("known value: 518-08-582, category 9, IP, ID 1QJ8", () => {
    // 51808582 | 1<<28 | 9<<31 = 19649519686 + ... computed independently below.
    const payload = 9n * 2n ** 31n + 2n ** 28n + 51808582n;
    expect(setupUri({ setupCode: "518-08-582", setupId: "1QJ8", category: CATEGORY_THERMOSTAT, ip: true })).toBe(
      `X-HM://${payload.toString(36).toUpperCase().padStart(9, "0")}1QJ8`,
    );
  });

  test("matches HAP-NodeJS's setupURI for random codes, IDs and categories (peer)", () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999999 }), fc.integer({ min: 1, max: 40 }), fc.stringMatching(/^[0-9A-Z]{4}$/), (n, category, setupId) => {
        const d = String(n).padStart(8, "0");
        const code = `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
        const ours = setupUri({ setupCode: code, setupId, category, ip: true });
        expect(ours).toMatch(/^X-HM:\/\/[0-9A-Z]{9}[0-9A-Z]{4}$/);
        // HAP-NodeJS's zero-padding loop is off for short payloads; compare where it produces 9 digits.
        const theirs = hapNodeJsUri(code, setupId, category);
        if (theirs.length === ours.length) {
          expect(ours).toBe(theirs);
          compared++;
        }
      }),
      { numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(180);
  });

  test("short payloads are zero-padded to 9 digits", () => {
    expect(setupUri({ setupCode: "000-00-001", setupId: "ABCD", category: 0 })).toBe("X-HM://000000001ABCD");
  });
});

describe("setup hash and base64", () => {
  test("sh = base64(SHA-512(setupID + deviceID)[0..4]) as OpenSSL computes it", () => {
    const expected = createHash("sha512").update("1QJ8" + "1A:2B:3C:4D:5E:6F").digest().subarray(0, 4).toString("base64");
    expect(setupHash("1QJ8", "1A:2B:3C:4D:5E:6F")).toBe(expected);
    expect(setupHash("1QJ8", "1A:2B:3C:4D:5E:6F")).toHaveLength(8);
  });

  test("base64 agrees with Buffer for every length 0..40", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(base64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      }),
    );
  });
});
