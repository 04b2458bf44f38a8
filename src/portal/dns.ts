// Captive-portal DNS codec: reads one query and builds the reply that points every name at the box.
// Never throws on wire bytes and never touches a socket: a packet it will not answer gives a reason.

export const DNS = Object.freeze({
  HEADER_BYTES: 12,
  MAX_NAME_BYTES: 255,
  MAX_LABEL_BYTES: 63,
  /** Classic UDP payload limit; a bigger query is not one a phone's resolver sends us. */
  MAX_PACKET_BYTES: 512,
  ANSWER_TTL_S: 60,
  CLASS_IN: 1,
  CLASS_ANY: 255,
  OPCODE_QUERY: 0,
  /** Pointer to the question's name, which always starts right after the header. */
  NAME_POINTER_TO_QUESTION: 0xc00c,
  TYPE: Object.freeze({
    A: 1,
    AAAA: 28,
    ANY: 255,
  }),
  RCODE: Object.freeze({
    NOERROR: 0,
    NOTIMP: 4,
    REFUSED: 5,
  }),
  FLAG: Object.freeze({
    QR: 0x8000,
    AA: 0x0400,
    TC: 0x0200,
    RD: 0x0100,
    RA: 0x0080,
  }),
});

export type DnsIgnoreReason =
  | "too-short"
  | "too-long"
  | "is-response"
  | "question-count"
  | "bad-name"
  | "truncated-question";

export interface DnsQuery {
  id: number;
  opcode: number;
  recursionDesired: boolean;
  /** Lower-cased dotted name, for logs only (labels are shown byte for byte). */
  name: string;
  type: number;
  qclass: number;
  /** The question section exactly as received (keeps the client's 0x20 case randomisation). */
  question: Uint8Array;
}

export type DnsParse = { ok: true; query: DnsQuery } | { ok: false; reason: DnsIgnoreReason };

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

/** Parse a query packet. Additional records (EDNS OPT from dig and most stubs) are allowed and skipped. */
export function parseDnsQuery(bytes: Uint8Array): DnsParse {
  if (bytes.length < DNS.HEADER_BYTES) return { ok: false, reason: "too-short" };
  if (bytes.length > DNS.MAX_PACKET_BYTES) return { ok: false, reason: "too-long" };
  const flags = u16(bytes, 2);
  if (flags & DNS.FLAG.QR) return { ok: false, reason: "is-response" };
  if (u16(bytes, 4) !== 1 || u16(bytes, 6) !== 0 || u16(bytes, 8) !== 0) return { ok: false, reason: "question-count" };
  let at = DNS.HEADER_BYTES;
  let name = "";
  let nameBytes = 0;
  for (;;) {
    if (at >= bytes.length) return { ok: false, reason: "truncated-question" };
    const length = bytes[at];
    // Compression pointers (0xC0) and the reserved 0x40/0x80 forms have no place in a question name.
    if (length > DNS.MAX_LABEL_BYTES) return { ok: false, reason: "bad-name" };
    nameBytes += length + 1;
    if (nameBytes > DNS.MAX_NAME_BYTES) return { ok: false, reason: "bad-name" };
    at++;
    if (length === 0) break;
    if (at + length > bytes.length) return { ok: false, reason: "truncated-question" };
    if (name) name += ".";
    for (let i = 0; i < length; i++) {
      const c = bytes[at + i];
      name += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : c > 0x20 && c < 0x7f ? String.fromCharCode(c) : "?";
    }
    at += length;
  }
  if (at + 4 > bytes.length) return { ok: false, reason: "truncated-question" };
  const type = u16(bytes, at);
  const qclass = u16(bytes, at + 2);
  at += 4;
  return {
    ok: true,
    query: {
      id: u16(bytes, 0),
      opcode: (flags >> 11) & 0x0f,
      recursionDesired: (flags & DNS.FLAG.RD) !== 0,
      name: name || ".",
      type,
      qclass,
      question: bytes.slice(DNS.HEADER_BYTES, at),
    },
  };
}

/** Dotted IPv4 text to its 4 bytes; undefined when it is not one. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

export interface DnsAnswerPlan {
  rcode: number;
  /** True when the reply carries the box's address as an A record. */
  withAddress: boolean;
}

/**
 * What we answer, in order: a non-query opcode is not implemented; a class other than IN/ANY is refused;
 * A and ANY get the box's address (that is what makes phones find the portal); every other type, AAAA
 * included, gets an empty NOERROR answer so clients fall back to IPv4 at once instead of waiting.
 */
export function planDnsAnswer(query: DnsQuery): DnsAnswerPlan {
  if (query.opcode !== DNS.OPCODE_QUERY) return { rcode: DNS.RCODE.NOTIMP, withAddress: false };
  if (query.qclass !== DNS.CLASS_IN && query.qclass !== DNS.CLASS_ANY) return { rcode: DNS.RCODE.REFUSED, withAddress: false };
  const withAddress = query.type === DNS.TYPE.A || query.type === DNS.TYPE.ANY;
  return { rcode: DNS.RCODE.NOERROR, withAddress };
}

/** Build the reply to a parsed query; `address` is the box's IPv4 address as 4 bytes. */
export function buildDnsReply(query: DnsQuery, address: Uint8Array): Uint8Array {
  const plan = planDnsAnswer(query);
  const answerBytes = plan.withAddress ? 16 : 0;
  const out = new Uint8Array(DNS.HEADER_BYTES + query.question.length + answerBytes);
  // RA is set although we do not recurse: we answer every name, and some stub resolvers distrust RA=0.
  const flags =
    DNS.FLAG.QR | DNS.FLAG.AA | DNS.FLAG.RA | (query.opcode << 11) | (query.recursionDesired ? DNS.FLAG.RD : 0) | plan.rcode;
  const header = [query.id >> 8, query.id & 0xff, flags >> 8, flags & 0xff, 0, 1, 0, plan.withAddress ? 1 : 0, 0, 0, 0, 0];
  out.set(header, 0);
  out.set(query.question, DNS.HEADER_BYTES);
  if (plan.withAddress) {
    const at = DNS.HEADER_BYTES + query.question.length;
    const ttl = DNS.ANSWER_TTL_S;
    out.set(
      [
        DNS.NAME_POINTER_TO_QUESTION >> 8,
        DNS.NAME_POINTER_TO_QUESTION & 0xff,
        0,
        DNS.TYPE.A,
        0,
        DNS.CLASS_IN,
        (ttl >>> 24) & 0xff,
        (ttl >>> 16) & 0xff,
        (ttl >>> 8) & 0xff,
        ttl & 0xff,
        0,
        4,
      ],
      at,
    );
    out.set(address, at + 12);
  }
  return out;
}

export type DnsHandled = { reply: Uint8Array; query: DnsQuery } | { reply: undefined; reason: DnsIgnoreReason };

/** One packet in, the reply (or why there is none) out. */
export function answerDnsPacket(bytes: Uint8Array, address: Uint8Array): DnsHandled {
  const parsed = parseDnsQuery(bytes);
  if (!parsed.ok) return { reply: undefined, reason: parsed.reason };
  return { reply: buildDnsReply(parsed.query, address), query: parsed.query };
}
