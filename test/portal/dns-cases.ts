// DNS codec cases shared by jest (test/portal/dns.test.ts) and the XS lane (test/xs/portal.xs.ts).
import { answerDnsPacket, DNS, parseDnsQuery } from "../../src/portal/dns";

/** A query as dig sends it: id 0xbeef, RD, one question, one EDNS OPT additional record. */
export function queryBytes(name: string, type: number, qclass = 1, opcode = 0): Uint8Array {
  const out: number[] = [0xbe, 0xef, (opcode << 3) | 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1];
  for (const label of name.split(".")) {
    out.push(label.length);
    for (let i = 0; i < label.length; i++) out.push(label.charCodeAt(i));
  }
  out.push(0, type >> 8, type & 0xff, qclass >> 8, qclass & 0xff);
  out.push(0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0); // OPT: root name, type 41, udp 1232, no options
  return Uint8Array.from(out);
}

export const BOX = Uint8Array.from([192, 168, 4, 1]);

export interface Check {
  name: string;
  run(): { actual: unknown; expected: unknown };
}

export const DNS_CASES: readonly Check[] = Object.freeze([
  {
    name: "A query: one answer with the box's address, the question echoed byte for byte (case kept)",
    run() {
      const q = queryBytes("Captive.Apple.com", DNS.TYPE.A);
      const r = answerDnsPacket(q, BOX);
      const reply = r.reply!;
      const questionEnd = 12 + 19 + 4;
      return {
        actual: [
          Array.from(reply.subarray(0, 12)),
          Array.from(reply.subarray(12, questionEnd)).join(",") === Array.from(q.subarray(12, questionEnd)).join(","),
          Array.from(reply.subarray(questionEnd)),
          r.reply ? (r as { query: { name: string } }).query.name : "",
        ],
        expected: [
          [0xbe, 0xef, 0x85, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
          true,
          [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 168, 4, 1],
          "captive.apple.com",
        ],
      };
    },
  },
  {
    name: "AAAA: NOERROR with no answer",
    run() {
      const reply = answerDnsPacket(queryBytes("example.org", DNS.TYPE.AAAA), BOX).reply!;
      return { actual: [reply[3] & 0x0f, reply[7], reply.length], expected: [DNS.RCODE.NOERROR, 0, 12 + 13 + 4] };
    },
  },
  {
    name: "MX and HTTPS: NOERROR with no answer; ANY gets the address",
    run() {
      const mx = answerDnsPacket(queryBytes("example.org", 15), BOX).reply!;
      const https = answerDnsPacket(queryBytes("example.org", 65), BOX).reply!;
      const any = answerDnsPacket(queryBytes("example.org", DNS.TYPE.ANY), BOX).reply!;
      return { actual: [mx[7], mx[3] & 15, https[7], any[7]], expected: [0, 0, 0, 1] };
    },
  },
  {
    name: "CHAOS class is refused, a non-query opcode is not implemented",
    run() {
      const ch = answerDnsPacket(queryBytes("version.bind", 16, 3), BOX).reply!;
      const notify = answerDnsPacket(queryBytes("example.org", 1, 1, 4), BOX).reply!;
      return { actual: [ch[3] & 15, ch[7], notify[3] & 15], expected: [DNS.RCODE.REFUSED, 0, DNS.RCODE.NOTIMP] };
    },
  },
  {
    name: "ignored: short, a response, two questions, a compression pointer, a label running past the end, a missing type",
    run() {
      const response = queryBytes("a.b", 1);
      response[2] |= 0x80;
      const two = queryBytes("a.b", 1);
      two[5] = 2;
      const pointer = Uint8Array.from([1, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1]);
      const pastEnd = Uint8Array.from([1, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, 0x61, 0x62]);
      const noType = Uint8Array.from([1, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0]);
      const reasons = [new Uint8Array(5), response, two, pointer, pastEnd, noType].map((p) => {
        const r = parseDnsQuery(p);
        return r.ok ? "parsed" : r.reason;
      });
      return { actual: reasons, expected: ["too-short", "is-response", "question-count", "bad-name", "truncated-question", "truncated-question"] };
    },
  },
  {
    name: "a name longer than 255 bytes is refused",
    run() {
      const long = Array.from({ length: 5 }, () => "a".repeat(60)).join(".");
      const r = parseDnsQuery(queryBytes(long, 1));
      return { actual: r.ok ? "parsed" : r.reason, expected: "bad-name" };
    },
  },
  {
    name: "every prefix of a valid query is ignored (no throw) until the question is complete",
    run() {
      const q = queryBytes("www.example.com", 1);
      const questionEnd = 12 + 17 + 4;
      const answered: number[] = [];
      for (let n = 0; n <= q.length; n++) if (answerDnsPacket(q.subarray(0, n), BOX).reply) answered.push(n);
      return { actual: answered[0], expected: questionEnd };
    },
  },
]);
