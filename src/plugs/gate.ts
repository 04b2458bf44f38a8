// How many plug exchanges may be in flight at once, box-wide: each one holds ~6 KB of XS heap while it waits
// (bench/plugs-heap, both tables) and, over HTTP, a socket; a red peak commands every plug in the same
// dispatch. HTTP and MQTT plugs share it. Never delays past its turn.

/**
 * ESP32: lwIP has ~10 sockets and HomeKit keeps most of them (README "Firmware build"), the web page takes up to 3,
 * and the heap left after HomeKit and the core is ~74 KB (src/settings/table.ts MAX_LOADS): two exchanges at once
 * keep one plug moving even while another hangs until its 3 s time-out.
 */
export const PLUG_IN_FLIGHT_ESP32 = 2;
/** A Pi has the memory and sockets: 8 at once lets two hung plugs time out while six others switch. */
export const PLUG_IN_FLIGHT_HOST = 8;

export class ExchangeGate {
  private readonly max: number;
  private inFlight = 0;
  /** Plugs waiting for a turn, first come first served. */
  private readonly waiting: (() => void)[] = [];

  constructor(max: number) {
    this.max = max;
  }

  /** Runs `start` now if a turn is free, else when one is left. Each start must be followed by one leave(). */
  enter(start: () => void): void {
    if (this.inFlight < this.max) {
      this.inFlight++;
      start();
    } else this.waiting.push(start);
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.inFlight--;
  }

  /** Exchanges in flight and waiting (tests, the bench). */
  load(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length };
  }
}
