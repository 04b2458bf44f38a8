// The meter on the desktop `lin` build: replays a real TIC capture file (config `ticCapture`) at the line's rate.
// Never decodes: it hands bytes to the decoder in UART-sized bursts, looping the capture, like the ESP32 UART would.
import { File } from "file";
import Timer from "timer";
import config from "mc/config";
import type { ByteSource } from "../../types";

/** Same options as hal/moddable/serial.ts (main.ts is built unchanged against either file); a replay keeps `baud`. */
export type { TicSerialOptions } from "../serial";
import type { TicSerialOptions } from "../serial";

const TICK_MS = 100;
// 7E1: start + 7 data + parity + stop = 10 bits per character.
const BITS_PER_CHAR = 10;

function readCapture(path: string): Uint8Array {
  const file = new File(path);
  try {
    return new Uint8Array(file.read(ArrayBuffer));
  } finally {
    file.close();
  }
}

export function openTicSerial(options: TicSerialOptions): ByteSource {
  const path = (config as unknown as { ticCapture?: string }).ticCapture;
  let handler: ((chunk: Uint8Array) => void) | undefined;
  let errorHandler: ((message: string) => void) | undefined;
  let capture: Uint8Array | undefined;
  try {
    capture = path ? readCapture(path) : undefined;
  } catch (error) {
    trace(`tic: cannot read capture ${path}: ${String(error)}\n`);
  }
  trace(`tic: replaying ${path ?? "(no ticCapture in config)"} (${capture?.length ?? 0} bytes) at ${options.baud} baud\n`);
  const perTick = Math.max(1, Math.round((options.baud / BITS_PER_CHAR) * (TICK_MS / 1000)));
  let offset = 0;
  const timer = Timer.repeat(() => {
    if (!capture || capture.length === 0) {
      errorHandler?.("no capture to replay");
      return;
    }
    const end = Math.min(offset + perTick, capture.length);
    handler?.(capture.subarray(offset, end));
    offset = end === capture.length ? 0 : end;
  }, TICK_MS);
  return {
    onBytes(next) {
      handler = next;
    },
    onError(next) {
      errorHandler = next;
    },
    close() {
      Timer.clear(timer);
    },
  };
}
