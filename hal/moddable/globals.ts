// Web globals the audited @noble libraries expect (TextEncoder, TextDecoder), on our pure-ES UTF-8 code.
// Never replaces a global the runtime already has; preloaded first, so it also serves @noble at preload time.
import { utf8Decode, utf8Encode } from "../../lib/bytes";

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

const globals = globalThis as unknown as Record<string, unknown>;
globals.TextEncoder ??= PortableTextEncoder;
globals.TextDecoder ??= PortableTextDecoder;

export {};
