import fc from "fast-check";
import { encodeQr, qrSvg, QR_MAX_VERSION } from "../../src/portal/qr";
import { utf8Encode } from "../../lib/bytes";
import { decodeCode, decodeModules, modulesFromSvg } from "./qr-decode";
import { QR_GOLDEN, rowsOf } from "./qr-golden";

test("a HomeKit setup URI encodes in version 2-M and a real decoder (jsQR) reads it back", () => {
  const uri = "X-HM://0023ISYWYABCD";
  const code = encodeQr(utf8Encode(uri), "M")!;
  expect(code.version).toBe(2);
  expect(code.size).toBe(25);
  expect(decodeCode(code)).toBe(uri);
});

test("the SVG carries exactly the matrix, and the matrix from the SVG decodes", () => {
  const text = "X-HM://00KUPGWPC1QUV";
  const code = encodeQr(utf8Encode(text))!;
  const svg = qrSvg(code);
  expect(modulesFromSvg(svg)).toEqual(code.modules);
  expect(decodeModules(modulesFromSvg(svg))).toBe(text);
  expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // nothing fetched from outside
});

test("function patterns sit where the standard puts them", () => {
  const code = encodeQr(utf8Encode("hello"), "L")!;
  expect(code.version).toBe(1);
  const m = code.modules;
  // Finder top-left: dark ring, light ring, dark 3x3 core; separator light.
  expect([0, 1, 2, 3, 4, 5, 6].map((x) => m[0][x])).toEqual([true, true, true, true, true, true, true]);
  expect([0, 1, 2, 3, 4, 5, 6].map((x) => m[1][x])).toEqual([true, false, false, false, false, false, true]);
  expect(m[7][7]).toBe(false);
  // Timing row 6 alternates between the finders; dark module at (8, size-8).
  expect([8, 9, 10, 11, 12].map((x) => m[6][x])).toEqual([true, false, true, false, true]);
  expect(m[code.size - 8][8]).toBe(true);
});

test("every version 1..5 at L and M decodes (property: random byte strings that fit)", () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 90 }).chain((n) => fc.string({ minLength: n, maxLength: n })),
      fc.constantFrom<"L" | "M">("L", "M"),
      (text, ecc) => {
      const bytes = utf8Encode(text);
      const code = encodeQr(bytes, ecc);
      if (!code) return bytes.length > (ecc === "M" ? 84 : 106); // version 5 holds 84 bytes at M, 106 at L
      seen.add(`${code.version}${ecc}`);
      expect(decodeCode(code)).toBe(text);
      },
    ),
    { numRuns: 150 },
  );
  expect(seen.size).toBeGreaterThanOrEqual(8); // of the 10 version×level pairs
});

test("too long for version 5 gives undefined, not a throw", () => {
  expect(encodeQr(new Uint8Array(200), "M")).toBeUndefined();
  expect(QR_MAX_VERSION).toBe(5);
});

test("the golden matrix (checked on XS too) is what we encode, and jsQR reads it", () => {
  const code = encodeQr(utf8Encode(QR_GOLDEN.text), QR_GOLDEN.ecc)!;
  expect([code.mask, rowsOf(code.modules)]).toEqual([QR_GOLDEN.mask, QR_GOLDEN.rows]);
  expect(decodeModules(QR_GOLDEN.rows.map((row) => Array.from(row, (c) => c === "#")))).toBe(QR_GOLDEN.text);
});
