// Web globals the audited @noble libraries expect (TextEncoder, TextDecoder, crypto.getRandomValues), on our own code.
// Never replaces a global the runtime already has; preloaded first, so it also serves @noble at preload time.
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import { moddableRandom } from "./random";

// @noble/hashes and @noble/curves encode their domain-separation strings with `new TextEncoder()` at module load.
// The SDK's text/encoder is a host function, which a module run at build time (preload) cannot call: the build
// stops with "link: unavailable function". lib/bytes behaves exactly like TextEncoder/TextDecoder.
class PortableTextEncoder {
  readonly encoding = "utf-8";
  encode(text = ""): Uint8Array {
    return utf8Encode(text);
  }
}

class PortableTextDecoder {
  readonly encoding = "utf-8";
  decode(bytes?: ArrayBuffer | ArrayBufferView): string {
    if (bytes === undefined) return "";
    const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
    return utf8Decode(view);
  }
}

/** Web Crypto's cap on one call (a longer request is a bug, as in a browser). */
const MAX_RANDOM_BYTES = 65536;

// @noble/curves probes `crypto.getRandomValues` once, when a curve module loads, and without it signs with no scalar
// blinding for good. The hardware RNG is reached only inside the call: at build time no host function can run.
function getRandomValues<T extends ArrayBufferView>(array: T): T {
  if (array.byteLength > MAX_RANDOM_BYTES) throw new RangeError(`getRandomValues: ${array.byteLength} bytes asked, ${MAX_RANDOM_BYTES} at most`);
  moddableRandom.fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return array;
}

const globals = globalThis as unknown as Record<string, unknown>;
globals.TextEncoder ??= PortableTextEncoder;
globals.TextDecoder ??= PortableTextDecoder;
globals.crypto ??= Object.freeze({ getRandomValues });

export {};
