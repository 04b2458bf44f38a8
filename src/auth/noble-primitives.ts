// AuthPrimitives over @noble/hashes' HMAC-SHA256 and SHA-256: pure ES, the same on Node and XS.
// Never keeps the password: the keyed midstates are wiped by destroy() when a derivation ends.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { AuthPrimitives, KeyedPrf } from "./primitives";

/**
 * HMAC-SHA256 keyed once: the inner and outer hash midstates are computed from the key at the start, and each
 * call clones them instead of hashing the key again (two SHA-256 blocks per call instead of four), as noble's own
 * pbkdf2 does. `_cloneInto` is @noble's public clone-into-existing-state method (no allocation per call).
 */
function hmacSha256(key: Uint8Array): KeyedPrf {
  const keyed = hmac.create(sha256, key);
  const inner = keyed.iHash;
  const outer = keyed.oHash;
  let work = inner._cloneInto();
  return {
    outputBytes: 32,
    mac(message, out) {
      work = inner._cloneInto(work);
      work.update(message).digestInto(out);
      work = outer._cloneInto(work);
      work.update(out).digestInto(out);
    },
    destroy() {
      keyed.destroy();
      work.destroy();
    },
  };
}

export const NOBLE_AUTH_PRIMITIVES: AuthPrimitives = Object.freeze({
  kdfName: "pbkdf2-hmac-sha256",
  keyedPrf: hmacSha256,
  sha256: (bytes: Uint8Array) => sha256(bytes),
});
