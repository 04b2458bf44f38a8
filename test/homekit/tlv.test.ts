// TLV8: golden bytes, fragmentation of long values, lists, and decode of hostile input (never a throw).
import fc from "fast-check";
import * as hapTlv from "hap-nodejs/dist/lib/util/tlv";
import {
  PAIR_STATE,
  TLV,
  TLV_ERROR,
  decodeTlv,
  encodeTlv,
  joinTlvList,
  splitTlvList,
  tlvByte,
  tlvErrorResponse,
  tlvGet,
  tlvItemByte,
} from "../../homekit/tlv";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("TLV8 encode", () => {
  test("state + error golden bytes", () => {
    expect(Array.from(tlvErrorResponse(PAIR_STATE.M2, TLV_ERROR.Unavailable))).toEqual([0x06, 0x01, 0x02, 0x07, 0x01, 0x06]);
  });

  test("empty value is a zero-length item", () => {
    expect(Array.from(encodeTlv([{ type: TLV.Separator, value: new Uint8Array(0) }]))).toEqual([0xff, 0x00]);
  });

  test("a 600-byte value is split 255 + 255 + 90 with the same type", () => {
    const value = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
    const out = encodeTlv([{ type: TLV.PublicKey, value }]);
    expect(out.length).toBe(600 + 6);
    expect([out[0], out[1]]).toEqual([TLV.PublicKey, 255]);
    expect([out[257], out[258]]).toEqual([TLV.PublicKey, 255]);
    expect([out[514], out[515]]).toEqual([TLV.PublicKey, 90]);
  });

  test("matches HAP-NodeJS's encoder byte for byte (peer)", () => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const key = Uint8Array.from({ length: 384 }, (_, i) => (i * 7) & 0xff);
    const ours = encodeTlv([tlvItemByte(TLV.State, 2), { type: TLV.Salt, value: salt }, { type: TLV.PublicKey, value: key }]);
    const theirs = hapTlv.encode(TLV.State, 2, TLV.Salt, Buffer.from(salt), TLV.PublicKey, Buffer.from(key));
    expect(Buffer.from(ours).equals(theirs)).toBe(true);
  });
});

describe("TLV8 decode", () => {
  test("merges fragments back and reads one-byte items", () => {
    const value = Uint8Array.from({ length: 510 }, (_, i) => (i * 3) & 0xff);
    const { items, error } = decodeTlv(encodeTlv([tlvItemByte(TLV.State, 3), { type: TLV.Proof, value }]));
    expect(error).toBeUndefined();
    expect(tlvByte(items, TLV.State)).toBe(3);
    expect(Array.from(tlvGet(items, TLV.Proof)!)).toEqual(Array.from(value));
  });

  test("a short item of the same type after a short item is a separate value", () => {
    const { items } = decodeTlv(bytes(1, 1, 0x41, 1, 1, 0x42));
    expect(items.map((i) => Array.from(i.value))).toEqual([[0x41], [0x42]]);
  });

  test("truncated header and truncated value give an error and keep what decoded", () => {
    const head = decodeTlv(bytes(6, 1, 1, 7));
    expect(head.error).toMatch(/truncated header/);
    expect(tlvByte(head.items, TLV.State)).toBe(1);
    const value = decodeTlv(bytes(6, 1, 1, 3, 10, 1, 2));
    expect(value.error).toMatch(/truncated value/);
    expect(value.items.length).toBe(1);
  });

  test("decodes what HAP-NodeJS encodes (peer), including a 384-byte key", () => {
    const key = Buffer.alloc(384, 0xab);
    const { items } = decodeTlv(new Uint8Array(hapTlv.encode(TLV.State, 4, TLV.PublicKey, key, TLV.Proof, Buffer.alloc(64, 1))));
    expect(tlvByte(items, TLV.State)).toBe(4);
    expect(tlvGet(items, TLV.PublicKey)!.length).toBe(384);
    expect(tlvGet(items, TLV.Proof)!.length).toBe(64);
  });

  test("tlvByte refuses multi-byte values", () => {
    expect(tlvByte(decodeTlv(bytes(6, 2, 1, 2)).items, TLV.State)).toBeUndefined();
    expect(tlvByte([], TLV.State)).toBeUndefined();
  });
});

describe("TLV8 lists", () => {
  test("join/split round trip with separators, as /pairings list answers", () => {
    const records = [
      [{ type: TLV.Identifier, value: bytes(0x61) }, tlvItemByte(TLV.Permissions, 1)],
      [{ type: TLV.Identifier, value: bytes(0x62) }, tlvItemByte(TLV.Permissions, 0)],
    ];
    const wire = encodeTlv(joinTlvList(records));
    expect(Array.from(wire)).toEqual([1, 1, 0x61, 0x0b, 1, 1, 0xff, 0, 1, 1, 0x62, 0x0b, 1, 0]);
    const back = splitTlvList(decodeTlv(wire).items);
    expect(back.map((r) => r.map((i) => [i.type, Array.from(i.value)]))).toEqual([
      [[1, [0x61]], [0x0b, [1]]],
      [[1, [0x62]], [0x0b, [0]]],
    ]);
    const theirs = hapTlv.decodeList(Buffer.from(wire), TLV.Identifier);
    expect(theirs.length).toBe(2);
  });
});

describe("TLV8 properties", () => {
  const item = fc.record({ type: fc.integer({ min: 0, max: 254 }), value: fc.uint8Array({ maxLength: 700 }) });

  test("decode(encode(items)) returns the items when no two neighbours share a type", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (raw) => {
        const items = raw.filter((it, i) => i === 0 || raw[i - 1].type !== it.type);
        const { items: back, error } = decodeTlv(encodeTlv(items));
        expect(error).toBeUndefined();
        expect(back.map((i) => [i.type, Array.from(i.value)])).toEqual(items.map((i) => [i.type, Array.from(i.value)]));
      }),
      { numRuns: 200 },
    );
  });

  test("random bytes and truncations never throw; an error is reported iff the input is cut", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) => {
        const result = decodeTlv(input);
        let at = 0;
        while (at + 2 <= input.length && at + 2 + input[at + 1] <= input.length) at += 2 + input[at + 1];
        expect(result.error === undefined).toBe(at === input.length);
      }),
      { numRuns: 500 },
    );
  });
});
