// Meter byte sources for host-sim: a TIC capture file replayed. A real serial port (USB TIC reader, pty) is
// hal/node/serial.ts's line, shared with the Linux box. Host-only (node:fs); never decodes: bytes go to the Device's
// decoder as they come.
import { readFileSync } from "node:fs";
import type { ByteSource, Timers } from "../types";

// Faster than the line (≈ 960 B/s at 9600 baud) so a capture replays in moments, in small chunks like a UART's.
const REPLAY_CHUNK_BYTES = 64;
const REPLAY_PERIOD_MS = 5;

/** Replays a capture once; `onEnd` fires after the last byte (the meter then goes silent, as if unplugged). */
export function fileSource(path: string, timers: Timers, onEnd?: () => void): ByteSource {
  const bytes = new Uint8Array(readFileSync(path));
  let handler: ((chunk: Uint8Array) => void) | undefined;
  let offset = 0;
  const timer = timers.setInterval(() => {
    if (!handler) return;
    const chunk = bytes.subarray(offset, offset + REPLAY_CHUNK_BYTES);
    offset += chunk.length;
    if (chunk.length > 0) handler(chunk);
    if (offset >= bytes.length) {
      timers.clear(timer);
      onEnd?.();
    }
  }, REPLAY_PERIOD_MS);
  return {
    onBytes(next) {
      handler = next;
    },
    close() {
      timers.clear(timer);
    },
  };
}
