// Meter byte sources for host-sim: a TIC capture file replayed, or a real serial port (USB TIC reader, pty).
// Host-only (node:fs, serialport); never decodes: bytes go to the Device's decoder as they come.
import { readFileSync } from "node:fs";
import { SerialPort } from "serialport";
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

/** Opens DEVICE at 1200 (historic) or 9600 (standard) baud, 7E1; rejects with a message saying what to do. */
export function serialSource(device: string, baud: number): Promise<ByteSource> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path: device, baudRate: baud, dataBits: 7, parity: "even", stopBits: 1, autoOpen: false });
    let handler: ((chunk: Uint8Array) => void) | undefined;
    let errorHandler: ((message: string) => void) | undefined;
    port.on("data", (chunk: Uint8Array) => handler?.(chunk));
    port.on("error", (error: Error) => errorHandler?.(error.message));
    port.on("close", () => errorHandler?.(`serial device ${device} closed (unplugged?)`));
    port.open((error) => {
      if (error) {
        reject(new Error(explainSerialError(device, error)));
        return;
      }
      resolve({
        onBytes(next) {
          handler = next;
        },
        onError(next) {
          errorHandler = next;
        },
        close() {
          if (port.isOpen) port.close();
        },
      });
    });
  });
}

function explainSerialError(device: string, error: Error): string {
  const text = error.message;
  if (/ENOENT|No such file/i.test(text)) return `serial device ${device} not found: plug in the TIC reader and check the path (ls /dev/ttyUSB* /dev/ttyACM*)`;
  if (/EACCES|Permission/i.test(text)) return `no permission to open ${device}: add yourself to the dialout group (sudo usermod -aG dialout $USER) and log in again`;
  if (/EBUSY|lock|busy/i.test(text)) return `serial device ${device} is busy: another program holds it; close it and retry`;
  return `cannot open serial device ${device}: ${text}`;
}
