// Which requests reach the box's web page at all: one Host naming this box exactly, a same-origin Origin, and
// where a request's credentials are (session cookie, bearer token, CSRF token). Never trusts a request's own claims beyond that.

import type { HttpRequest } from "../../lib/http";

/** The form field and the header a cookie-authenticated change carries its session's CSRF token in. */
export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "x-csrf-token";
/** The login session cookie (HttpOnly; SameSite=Strict; Path=/). */
export const SESSION_COOKIE = "dl_session";
/** Cookie pairs read from one Cookie header: a page elsewhere on the same host may set cookies of its own. */
const MAX_COOKIE_PAIRS = 32;

/** Names besides IP literals and localhost that reach this box. */
export interface BoxNames {
  /** The box's own mDNS name, e.g. "delesteur.local" (no other *.local name is served). */
  mdnsName?: string;
  /** Names the shell adds (e.g. a router's DNS name for the box). */
  extraNames?: readonly string[];
}

const IPV4_PART = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** Dotted quad, no leading zeros (some parsers read "010" as octal). */
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/;
const PORT = /^[0-9]{1,5}$/;

/** An RFC 4291 textual address (no zone id: a browser never sends one in Host). */
export function isIpv6Literal(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === "") continue;
    const parts = halves[h].split(":");
    for (let i = 0; i < parts.length; i++) {
      const last = h === halves.length - 1 && i === parts.length - 1;
      if (last && IPV4.test(parts[i])) groups += 2;
      else if (HEX_GROUP.test(parts[i])) groups++;
      else return false;
    }
  }
  return halves.length === 2 ? groups < 8 : groups === 8;
}

/** The Host header's name and port, or undefined when it is not `name[:port]` as RFC 9110 writes it. */
export function parseHost(host: string): { name: string; port?: number } | undefined {
  if (host.length === 0 || host.length > 255) return undefined;
  const lower = host.toLowerCase();
  let name: string;
  let rest: string;
  if (lower.startsWith("[")) {
    const close = lower.indexOf("]");
    if (close < 0 || !isIpv6Literal(lower.slice(1, close))) return undefined;
    name = lower.slice(0, close + 1);
    rest = lower.slice(close + 1);
  } else {
    const colon = lower.indexOf(":");
    name = colon < 0 ? lower : lower.slice(0, colon);
    rest = colon < 0 ? "" : lower.slice(colon);
  }
  if (rest === "") return { name };
  if (!rest.startsWith(":") || !PORT.test(rest.slice(1))) return undefined; // userinfo ("1@evil.example"), a second colon…
  const port = Number(rest.slice(1));
  return port >= 1 && port <= 65535 ? { name, port } : undefined;
}

/**
 * DNS rebinding defence: a page on evil.example whose name is re-pointed at the box would be same-origin with it.
 * Only names that cannot belong to someone else are served: a real IPv4 or IPv6 literal (a request naming an
 * address reached the box at that address), localhost, the box's own mDNS name, or a name the shell adds.
 */
export function hostAllowed(host: string | undefined, names: BoxNames = {}): boolean {
  const parsed = host === undefined ? undefined : parseHost(host);
  if (parsed === undefined) return false;
  const name = parsed.name;
  if (name.startsWith("[") || IPV4.test(name) || name === "localhost") return true;
  if (names.mdnsName !== undefined && name === names.mdnsName.toLowerCase()) return true;
  return (names.extraNames ?? []).some((extra) => extra.toLowerCase() === name);
}

/** RFC 9110 §7.2: a request with more than one Host header is refused (which one would a proxy have used?). */
export function hostRepeated(request: HttpRequest): boolean {
  return request.repeated !== undefined && request.repeated.indexOf("host") >= 0;
}

/** A browser names the page a request comes from; it must be this box as the request itself names it. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // curl and scripts send none; their credential still guards them
  if (host === undefined) return false;
  const m = /^https?:\/\/([^/]+)$/.exec(origin);
  return m !== null && m[1].toLowerCase() === host.toLowerCase();
}

/** Compare a presented token with the expected one over its whole length. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** Every value of our session cookie in the Cookie header (a page on another port of this host could add one). */
export function sessionCookies(cookieHeader: string | undefined): string[] {
  const values: string[] = [];
  if (cookieHeader === undefined) return values;
  const pairs = cookieHeader.split(";");
  for (let i = 0; i < pairs.length && i < MAX_COOKIE_PAIRS; i++) {
    const pair = pairs[i].trim();
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq) === SESSION_COOKIE) values.push(pair.slice(eq + 1));
  }
  return values;
}

/** The token of an `Authorization: Bearer <token>` header, "" for another scheme or an empty one, undefined when absent. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const m = /^Bearer +(\S+) *$/i.exec(authorization);
  return m === null ? "" : m[1];
}

/** The session cookie as the box sets it; `maxAgeS` 0 deletes it. */
export function sessionCookie(id: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}`;
}
