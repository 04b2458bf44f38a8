// HTTP digest authentication as Shelly Gen2+ devices use it (RFC 7616, SHA-256, qop "auth", user "admin").
// Pure: parses a challenge and computes an Authorization header; never sends anything and never keeps the password.

import { bytesToHex, utf8Encode } from "../../lib/bytes";

/** What a 401's `WWW-Authenticate: Digest ...` asks for. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop: string;
  algorithm: string;
  opaque?: string;
}

export type Sha256 = (bytes: Uint8Array) => Uint8Array;

/** Shelly's documentation: "username = 'admin'; // always". */
export const SHELLY_DIGEST_USER = "admin";
/** A challenge header longer than this is not a device's (a Shelly's is ~120 bytes): refused, not parsed. */
const CHALLENGE_MAX_CHARS = 1024;

/**
 * The Digest challenge of a WWW-Authenticate header, or null when it is not one this client can answer (another
 * scheme, no nonce, an algorithm other than SHA-256, a qop without "auth"). Never throws.
 */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | null {
  if (header === undefined || header.length > CHALLENGE_MAX_CHARS) return null;
  const m = /^\s*Digest\s+(.*)$/i.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  // name=value or name="value" pairs, comma-separated; quoted values may hold commas and escaped quotes.
  // Sticky: a stretch that is no pair stops the walk (and the header is refused), rather than being skipped.
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/y;
  let pair: RegExpExecArray | null;
  let end = 0;
  while ((pair = re.exec(m[1])) !== null && pair[0].length > 0) {
    params[pair[1].toLowerCase()] = pair[2] !== undefined ? pair[2].replace(/\\(.)/g, "$1") : pair[3];
    end = re.lastIndex;
  }
  if (end < m[1].trimEnd().length) return null;
  const algorithm = params.algorithm ?? "MD5";
  if (algorithm.toUpperCase() !== "SHA-256") return null;
  if (params.realm === undefined || params.nonce === undefined || params.nonce === "") return null;
  const qops = (params.qop ?? "").split(",").map((q) => q.trim());
  if (qops.indexOf("auth") < 0) return null;
  const challenge: DigestChallenge = { realm: params.realm, nonce: params.nonce, qop: "auth", algorithm: "SHA-256" };
  if (params.opaque !== undefined) challenge.opaque = params.opaque;
  return challenge;
}

export interface DigestAnswer {
  challenge: DigestChallenge;
  method: string;
  /** The request target as sent: path and query (`/rpc/Switch.Set?id=0&on=true`). */
  uri: string;
  password: string;
  /** Requests answered with this nonce so far, this one included (1 for the first). */
  nonceCount: number;
  /** The client nonce: random hex from the caller (src/ has no ambient randomness). */
  cnonce: string;
  sha256: Sha256;
  /** Shelly's is always "admin" (the default); another only for RFC 7616's own test vector. */
  user?: string;
}

const hexOf = (sha256: Sha256, text: string): string => bytesToHex(sha256(utf8Encode(text)));

/** The nonce count as the header spells it: 8 hex digits. */
function nc(count: number): string {
  const hex = count.toString(16);
  return "00000000".slice(hex.length) + hex;
}

/** The `Authorization` header value answering `challenge` for this request. */
export function digestAuthorization(a: DigestAnswer): string {
  const user = a.user ?? SHELLY_DIGEST_USER;
  const ha1 = hexOf(a.sha256, `${user}:${a.challenge.realm}:${a.password}`);
  const ha2 = hexOf(a.sha256, `${a.method}:${a.uri}`);
  const count = nc(a.nonceCount);
  const response = hexOf(a.sha256, `${ha1}:${a.challenge.nonce}:${count}:${a.cnonce}:auth:${ha2}`);
  let header =
    `Digest username="${quote(user)}", realm="${quote(a.challenge.realm)}", nonce="${quote(a.challenge.nonce)}", uri="${quote(a.uri)}", ` +
    `algorithm=SHA-256, response="${response}", qop=auth, nc=${count}, cnonce="${a.cnonce}"`;
  if (a.challenge.opaque !== undefined) header += `, opaque="${quote(a.challenge.opaque)}"`;
  return header;
}

function quote(text: string): string {
  return text.replace(/(["\\])/g, "\\$1");
}
