// The meter's TIC line on embedded:io/serial (ESP32 UART, read as 8N1: the decoder masks the parity bit), at the
// rate src/tic/auto-baud decides. Never decodes or buffers frames: each readable burst is drained into one buffer.
import Serial from "embedded:io/serial";
import type { ByteSource, Clock, Logger, Timers } from "../types";
import { AutoBaud, type TicBaud } from "../../src/tic/auto-baud";
import type { TicModeSetting } from "../../src/tic/types";

export interface TicSerialOptions {
  receivePin: number;
  port: number;
  /** 1200 (historic) or 9600 (standard): the rate when no `mode` is given. */
  baud: number;
  /** "auto" tries 1200 then 9600 until good groups prove one (the rate policy is src/tic/auto-baud). */
  mode?: TicModeSetting;
  /** The rate proven last time, tried first in auto mode. */
  remembered?: TicBaud;
  /** Needed with `mode`: the policy hears the time once a second. */
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  onBaudProven?(baud: TicBaud): void;
}

// The UART FIFO holds 128 bytes (≈ 133 ms at 9600 baud): drain everything on every onReadable.
const READ_BUFFER_BYTES = 256;
/** How often the rate policy hears the time (its probe window is 5 s). */
const POLL_PERIOD_MS = 1000;

export function openTicSerial(options: TicSerialOptions): ByteSource {
  const buffer = new Uint8Array(READ_BUFFER_BYTES);
  let handler: ((chunk: Uint8Array) => void) | undefined;
  const { clock, timers, logger } = options;
  const policy = options.mode && clock ? new AutoBaud({ mode: options.mode, remembered: options.remembered, nowMs: clock.nowMs() }) : undefined;

  const act = (action: ReturnType<AutoBaud["poll"]>): void => {
    if (!action) return;
    logger?.log("info", `tic: ${action.type} ${action.baud} baud (${action.why})`);
    if (action.type === "locked") options.onBaudProven?.(action.baud);
    // embedded:io/serial has no rate setter: the UART is opened anew at the other rate.
    else if (action.type === "switch") reopen(action.baud);
  };

  const open = (baud: number): Serial =>
    new Serial({
      receive: options.receivePin,
      port: options.port,
      baud,
      format: "buffer",
      onReadable(count: number) {
        while (count > 0) {
          const n = this.read(buffer.subarray(0, Math.min(count, READ_BUFFER_BYTES))) ?? 0;
          if (n <= 0) break;
          count -= n;
          const chunk = buffer.subarray(0, n);
          handler?.(chunk);
          if (policy && clock) {
            act(policy.push(chunk, clock.nowMs()));
            if (serial !== this) return; // closed and opened anew at the other rate: what is left here is stale
          }
        }
      },
    });

  let serial = open(policy ? policy.baud() : options.baud);
  const reopen = (baud: number): void => {
    serial.close();
    serial = open(baud);
  };
  const poller = policy && clock && timers ? timers.setInterval(() => act(policy.poll(clock.nowMs())), POLL_PERIOD_MS) : undefined;
  return {
    onBytes(next) {
      handler = next;
    },
    close() {
      if (poller !== undefined) timers?.clear(poller);
      serial.close();
    },
  };
}
