import fc from "fast-check";
import { answerDnsPacket, parseDnsQuery, parseIpv4 } from "../../src/portal/dns";
import { BOX, DNS_CASES, queryBytes } from "./dns-cases";

for (const c of DNS_CASES) {
  test(c.name, () => {
    const { actual, expected } = c.run();
    expect(actual).toEqual(expected);
  });
}

test("random bytes never throw; whatever is answered is a reply to a parsed query with our address", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
      const r = answerDnsPacket(bytes, BOX);
      if (r.reply) {
        expect(r.reply[2] & 0x80).toBe(0x80); // QR set
        expect(parseDnsQuery(bytes).ok).toBe(true);
      }
    }),
    { numRuns: 2000 },
  );
});

test("bit flips of a valid query never throw, and an answered flip still carries the box's address or no answer", () => {
  const q = queryBytes("connectivitycheck.gstatic.com", 1);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: q.length * 8 - 1 }), (bit) => {
      const flipped = q.slice();
      flipped[bit >> 3] ^= 1 << (bit & 7);
      const r = answerDnsPacket(flipped, BOX);
      if (r.reply && r.reply[7] === 1) expect(Array.from(r.reply.subarray(r.reply.length - 4))).toEqual([192, 168, 4, 1]);
    }),
  );
});

test("parseIpv4 accepts dotted quads only", () => {
  expect(Array.from(parseIpv4("10.0.0.254")!)).toEqual([10, 0, 0, 254]);
  for (const bad of ["", "1.2.3", "1.2.3.256", "a.b.c.d", "1.2.3.4.5", "::1"]) expect(parseIpv4(bad)).toBeUndefined();
});
