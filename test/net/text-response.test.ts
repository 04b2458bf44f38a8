// Text responses in bounded UTF-8 pieces: the shared streamed cases, and the pieces against Node's own encoder.
import fc from "fast-check";
import { utf8EncodeInto, utf8Length } from "../../lib/bytes";
import { utf8ByteLength, Utf8Pieces } from "../../src/net/utf8-pieces";
import { MIXED_TEXT, STREAMED_CASES } from "./streamed-cases";

for (const c of STREAMED_CASES) {
  test(c.name, async () => {
    const { actual, expected } = await c.run();
    expect(actual).toEqual(expected);
  });
}

/** Any UTF-16 units, lone surrogates included, and astral characters. */
const anyText = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 600 }).map((units) => String.fromCharCode(...units)),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);

test("pieces and counts agree with TextEncoder for any text, and no piece splits a character or exceeds its size", () => {
  fc.assert(
    fc.property(anyText, anyText, fc.integer({ min: 4, max: 700 }), (a, b, pieceBytes) => {
      const expected = new TextEncoder().encode(a + b);
      expect(utf8ByteLength(a + b)).toBe(expected.length);
      expect(utf8Length(a + b)).toBe(expected.length);
      const pieces = new Utf8Pieces([a, b], pieceBytes);
      const got: number[] = [];
      for (let piece = pieces.next(); piece !== undefined; piece = pieces.next()) {
        expect(piece.length).toBeLessThanOrEqual(pieceBytes);
        expect(piece.length).toBeGreaterThan(0);
        // A piece decodes on its own without a replacement the whole text did not have: no character was cut.
        expect(new TextEncoder().encode(new TextDecoder().decode(piece))).toEqual(piece);
        got.push(...piece);
      }
      expect(Uint8Array.from(got)).toEqual(expected);
    }),
  );
});

test("encodeInto stops before a character that does not fit and says what it read and wrote", () => {
  const out = new Uint8Array(5);
  expect(utf8EncodeInto("a😀é", 0, out)).toEqual({ read: 3, written: 5 });
  expect(utf8EncodeInto("a😀é", 3, out)).toEqual({ read: 1, written: 2 });
  expect(utf8EncodeInto("😀", 0, new Uint8Array(3))).toEqual({ read: 0, written: 0 });
});

test("the streamed text reaches a long, every-width length (the cases above are not trivially small)", () => {
  expect(utf8ByteLength(MIXED_TEXT)).toBe(new TextEncoder().encode(MIXED_TEXT).length);
  expect(utf8ByteLength(MIXED_TEXT)).toBeGreaterThan(16_000);
});
