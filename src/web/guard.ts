// Who may change the box from its web page: same-site requests carrying this boot's CSRF token, on a LAN host name.
// Never trusts a request's own claims beyond that, and never compares the token with an early exit.

import type { Random } from "../../hal/types";

/** The form field and the header a state-changing request carries the token in. */
export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "x-csrf-token";
const TOKEN_BYTES = 16;

/** A fresh token per boot: a page from before a restart must be reloaded before it may change anything. */
export function newCsrfToken(random: Random): string {
  const bytes = random.fill(new Uint8Array(TOKEN_BYTES));
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

function hostnameOf(host: string): string {
  const bracket = host.startsWith("[") ? host.indexOf("]") + 1 : 0;
  const colon = host.indexOf(":", bracket);
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * DNS rebinding defence: a page on evil.example whose name is re-pointed at the box would be same-origin
 * with it and could read the token. Only names that cannot belong to someone else are served: an IP
 * literal, localhost, an mDNS `.local` name, or a name the shell adds.
 */
export function hostAllowed(host: string | undefined, extraNames: readonly string[] = []): boolean {
  if (host === undefined || host.length === 0 || host.length > 255) return false;
  const name = hostnameOf(host);
  if (name.startsWith("[")) return name.endsWith("]");
  const v4 = IPV4.exec(name);
  if (v4) return Number(v4[1]) < 256 && Number(v4[2]) < 256 && Number(v4[3]) < 256 && Number(v4[4]) < 256;
  if (name === "localhost" || (name.endsWith(".local") && name.length > 6)) return true;
  return extraNames.indexOf(name) >= 0;
}

/** A browser names the page a POST comes from; it must be this box as the request itself names it. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // curl and scripts send none; the token still guards them
  if (host === undefined) return false;
  const m = /^https?:\/\/([^/]+)$/.exec(origin);
  return m !== null && m[1].toLowerCase() === host.toLowerCase();
}
