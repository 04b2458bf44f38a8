// Web globals the audited @noble libraries expect (TextEncoder, TextDecoder), installed from the SDK's text modules.
// Never replaces a global the runtime already has; preloaded, so the globals exist before any @noble module runs.
import TextEncoder from "text/encoder";
import TextDecoder from "text/decoder";

// @noble/hashes and @noble/curves encode their domain-separation strings with `new TextEncoder()` at module load.
const globals = globalThis as unknown as Record<string, unknown>;
globals.TextEncoder ??= TextEncoder;
globals.TextDecoder ??= TextDecoder;

export {};
