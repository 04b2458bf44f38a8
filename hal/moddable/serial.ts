// The meter's TIC line on embedded:io/serial (ESP32 UART, read as 8N1: the decoder masks the parity bit).
// Never decodes or buffers frames: each readable burst is drained at once into one reused buffer.
import Serial from "embedded:io/serial";
import type { ByteSource } from "../types";

export interface TicSerialOptions {
  receivePin: number;
  port: number;
  /** 1200 (historic) or 9600 (standard). */
  baud: number;
}

// The UART FIFO holds 128 bytes (≈ 133 ms at 9600 baud): drain everything on every onReadable.
const READ_BUFFER_BYTES = 256;

export function openTicSerial(options: TicSerialOptions): ByteSource {
  const buffer = new Uint8Array(READ_BUFFER_BYTES);
  let handler: ((chunk: Uint8Array) => void) | undefined;
  const serial = new Serial({
    receive: options.receivePin,
    port: options.port,
    baud: options.baud,
    format: "buffer",
    onReadable(count: number) {
      while (count > 0) {
        const n = this.read(buffer.subarray(0, Math.min(count, READ_BUFFER_BYTES))) ?? 0;
        if (n <= 0) break;
        count -= n;
        handler?.(buffer.subarray(0, n));
      }
    },
  });
  return {
    onBytes(next) {
      handler = next;
    },
    close() {
      serial.close();
    },
  };
}
