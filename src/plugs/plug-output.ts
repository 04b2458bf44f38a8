// A load's contact on a smart plug or Wi-Fi relay: each command sent, then read back; retried with back-off; polled.
// Never blocks its caller (write returns at once, the exchange runs on its own). How the device is reached (HTTP,
// MQTT) is its transport's business (protocol.ts PlugTransport); the logic here is the same for all.

import type { Logger, RemoteOutput, TimerHandle, Timers } from "../../hal/types";
import type { ExchangeGate } from "./gate";
import type { PlugNews, PlugReading, PlugTransport } from "./protocol";

export { PLUG_MAX_BODY_BYTES, PLUG_REQUEST_TIMEOUT_MS } from "./http-transport";
/**
 * How the device's output stands for the box's contact (the Device writes contact levels: true = energised = shed
 * for a relay load, README "Wiring"). "socket": the load is plugged into the plug (or fed by the relay's output):
 * plug on = load runs, so an energised contact is the plug off. "contact": the relay replaces one of the box's own
 * relays (a pilot-wire diode, an SG-Ready input, a normally-closed contactor's coil): plug on = energised.
 */
export type PlugWiring = "socket" | "contact";

/** After a failure: 1 s, 2 s, 4 s ... up to a minute between tries (a plug being re-plugged takes ~10 s to boot). */
export const PLUG_RETRY_FIRST_MS = 1000;
export const PLUG_RETRY_MAX_MS = 60_000;
/** While all is well the plug is read this often: its power for the budget, and a hand on its button undone. */
export const PLUG_POLL_MS = 30_000;

export interface PlugOutputDeps {
  timers: Timers;
  logger: Logger;
  /** Shared by every plug of the box: how many exchanges may be in flight at once (src/plugs/gate.ts). */
  gate?: ExchangeGate;
}

export interface PlugOutputOptions {
  /** Who this output is, in logs: the load id and the contact's index. */
  label: string;
  wiring: PlugWiring;
  transport: PlugTransport;
}

/** What the output knows now, for the page and the API. */
export interface PlugStatus {
  /** null until the first answer. */
  reachable: boolean | null;
  /** The device's output as last read back (kept while unreachable: the last known state). */
  on: boolean | null;
  powerW: number | null;
  /** Why the last exchange failed (never a path or a credential). */
  error?: string;
  failures: number;
}

export class PlugOutput implements RemoteOutput {
  private readonly deps: PlugOutputDeps;
  private readonly options: PlugOutputOptions;
  /** The device output wanted (after wiring), null before the first write. */
  private wanted: boolean | null = null;
  /** A set is owed: written and not yet read back as taken. */
  private setOwed = false;
  /** Bumped by every write: a cycle that ends on an older one runs again at once. */
  private generation = 0;
  private busy = false;
  /** Read-backs in a row that did not show the wanted state (paced like failures). */
  private mismatches = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private readonly state: PlugStatus = { reachable: null, on: null, powerW: null, failures: 0 };
  private confirmedListener: ((on: boolean | null) => void) | undefined;
  private powerListener: ((powerW: number | null) => void) | undefined;
  /** What the listener was last told (undefined: nothing yet), so a poll that learns nothing new says nothing. */
  private reported: boolean | null | undefined;
  /** The last power read (undefined: none yet); told on every read, since each one renews the measurement's age. */
  private lastPowerW: number | null | undefined;

  constructor(deps: PlugOutputDeps, options: PlugOutputOptions) {
    this.deps = deps;
    this.options = options;
    options.transport.onNews?.((news) => this.news(news));
  }

  /** The Device's contact level for this output; the exchange starts now, whatever the others are doing. */
  write(contact: boolean): void {
    if (this.stopped) return;
    const on = this.options.wiring === "socket" ? !contact : contact;
    // The same command again (a load fact that changed only its power or reason): the running cycle, or the retry
    // or poll already scheduled, carries it — a repeat must not bypass the back-off.
    if (on === this.wanted) return;
    this.wanted = on;
    this.setOwed = true;
    this.generation++;
    if (this.busy) return; // the running cycle sees the new generation when it ends
    this.clearTimer();
    this.cycle();
  }

  onConfirmed(listener: (on: boolean | null) => void): void {
    this.confirmedListener = listener;
    // An answer that came before anyone listened (the Device writes outputs before it starts) is told now.
    if (this.reported !== undefined) {
      const value = this.reported;
      this.deps.timers.setTimeout(() => listener(value), 0);
    }
  }

  /** The power the plug measures (W), null when it cannot be read; only a socket-wired plug measures its load. */
  onPower(listener: (powerW: number | null) => void): void {
    if (this.options.wiring !== "socket") return;
    this.powerListener = listener;
    if (this.lastPowerW !== undefined) {
      const value = this.lastPowerW;
      this.deps.timers.setTimeout(() => listener(value), 0);
    }
  }

  status(): PlugStatus {
    return { ...this.state };
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.options.transport.stop?.();
  }

  /** One exchange when the box-wide gate gives a turn; busy from now (a write meanwhile only moves the generation). */
  private cycle(): void {
    this.busy = true;
    const gate = this.deps.gate;
    if (gate === undefined) void this.run();
    else gate.enter(() => void this.run(gate));
  }

  private async run(gate?: ExchangeGate): Promise<void> {
    const generation = this.generation;
    let again = false;
    try {
      if (!this.stopped) again = await this.exchangeOnce();
    } finally {
      this.busy = false;
      gate?.leave();
    }
    if (this.stopped) return;
    if (generation !== this.generation) this.cycle();
    else this.schedule(again);
  }

  /** One set (when owed) and one read back; true when the plug must be tried again soon (failure or not taken). */
  private async exchangeOnce(): Promise<boolean> {
    const { transport } = this.options;
    const wanted = this.wanted;
    let reading: PlugReading | undefined;
    if (this.setOwed && wanted !== null) {
      const sent = await transport.set(wanted);
      if (this.stopped) return false; // stopped meanwhile (a restart): nothing more is told
      if (!sent.ok) return this.failed(sent.why);
      reading = sent.value;
    }
    if (reading === undefined) {
      const read = await transport.read();
      if (this.stopped) return false;
      if (!read.ok) return this.failed(read.why);
      reading = read.value;
    }
    this.answered(reading.on, reading.powerW);
    if (wanted !== null && reading.on !== wanted) {
      // Not taken yet, or switched by hand since: the box's decision stands, so it is sent again (after a pause).
      this.setOwed = true;
      this.mismatches++;
      if (this.mismatches === 1) this.deps.logger.log("warn", "plug did not take the command; sending it again", { output: this.options.label, host: transport.where, wanted, on: reading.on });
      return true;
    }
    this.mismatches = 0;
    if (wanted === this.wanted) this.setOwed = false;
    return false;
  }

  /**
   * What an MQTT device said unasked. Between exchanges only (an exchange in flight tells its own answer): offline
   * is unreachable at once, back online is tried at once, a state shown (a hand on its button) is the device's truth
   * and a state other than the box's decision is sent again, paced as a read-back that did not match.
   */
  private news(news: PlugNews): void {
    if (this.stopped || this.busy) return;
    if ("online" in news) {
      if (!news.online) {
        if (this.state.reachable === false) return;
        this.failed(news.why ?? "device offline");
        this.schedule(true);
      } else if (this.state.reachable !== true || this.setOwed) {
        this.clearTimer();
        this.cycle();
      }
      return;
    }
    const on = news.reading.on ?? this.state.on;
    if (on === null || this.state.reachable !== true) return; // a partial news says nothing before a first read
    this.answered(on, news.reading.powerW, news.reading.powerW !== undefined);
    if (this.wanted !== null && on !== this.wanted) {
      this.setOwed = true;
      this.mismatches++;
      if (this.mismatches === 1) this.deps.logger.log("warn", "plug switched outside the box; sending the box's state again", { output: this.options.label, host: this.options.transport.where, wanted: this.wanted, on });
      this.schedule(true);
    }
  }

  /** A state heard; `withPower` false: a news without a power figure (the last one stands, and is not renewed). */
  private answered(on: boolean, powerW: number | undefined, withPower = true): void {
    if (this.state.reachable === false) this.deps.logger.log("info", "plug answers again", { output: this.options.label, host: this.options.transport.where, on });
    this.state.reachable = true;
    this.state.on = on;
    if (withPower) this.state.powerW = powerW ?? null;
    this.state.failures = 0;
    delete this.state.error;
    this.report(this.options.wiring === "socket" ? !on : on, withPower ? (powerW ?? null) : undefined);
  }

  private failed(why: string): boolean {
    if (this.state.reachable !== false) {
      this.deps.logger.log("warn", "plug unreachable; retrying with back-off", { output: this.options.label, host: this.options.transport.where, error: why, lastKnownOn: this.state.on });
    }
    this.state.reachable = false;
    this.state.error = why;
    this.state.failures++;
    this.state.powerW = null;
    // Unreachable: the contact's state is not known any more (the last known one stays in `status().on`).
    this.report(null, null);
    return true;
  }

  /** `powerW` undefined: nothing to say about the power (a news of the output alone). */
  private report(contact: boolean | null, powerW: number | null | undefined): void {
    if (this.reported !== contact) {
      this.reported = contact;
      this.confirmedListener?.(contact);
    }
    // Every read, even the same value: the core keeps a measurement only while it is renewed (MEASURED_FRESH_MS).
    if (this.options.wiring === "socket" && powerW !== undefined && (powerW !== null || this.lastPowerW !== null)) {
      this.lastPowerW = powerW;
      this.powerListener?.(powerW);
    }
  }

  private schedule(soon: boolean): void {
    this.clearTimer();
    const failures = this.state.failures > this.mismatches ? this.state.failures : this.mismatches;
    let delayMs = PLUG_POLL_MS;
    if (soon) {
      delayMs = PLUG_RETRY_FIRST_MS;
      for (let i = 1; i < failures && delayMs < PLUG_RETRY_MAX_MS; i++) delayMs *= 2;
      if (delayMs > PLUG_RETRY_MAX_MS) delayMs = PLUG_RETRY_MAX_MS;
    }
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.busy && !this.stopped) this.cycle();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.deps.timers.clear(this.timer);
    this.timer = undefined;
  }
}
