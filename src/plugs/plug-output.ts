// A load's contact on a smart plug or Wi-Fi relay: each command sent, then read back; retried with back-off; polled.
// Never blocks its caller (write returns at once, the exchange runs on its own) and never logs a request path
// (Tasmota's carries the password).

import type { HttpClient, HttpResult, Logger, Random, RemoteOutput, TimerHandle, Timers } from "../../hal/types";
import { bytesToHex } from "../../lib/bytes";
import { digestAuthorization, parseDigestChallenge, type DigestChallenge, type Sha256 } from "./digest";
import type { ExchangeGate } from "./gate";
import type { PlugProtocol } from "./protocol";

/**
 * How the device's output stands for the box's contact (the Device writes contact levels: true = energised = shed
 * for a relay load, README "Wiring"). "socket": the load is plugged into the plug (or fed by the relay's output):
 * plug on = load runs, so an energised contact is the plug off. "contact": the relay replaces one of the box's own
 * relays (a pilot-wire diode, an SG-Ready input, a normally-closed contactor's coil): plug on = energised.
 */
export type PlugWiring = "socket" | "contact";

/** A LAN device answers in tens of ms; 3 s covers a Wi-Fi plug waking from power save, and frees a dead plug's turn. */
export const PLUG_REQUEST_TIMEOUT_MS = 3000;
/** A Shelly Pro's Switch.GetStatus is ~400 bytes, Tasmota's Status 8 ~350: 2 KB is room, and little heap. */
export const PLUG_MAX_BODY_BYTES = 2048;
/** After a failure: 1 s, 2 s, 4 s ... up to a minute between tries (a plug being re-plugged takes ~10 s to boot). */
export const PLUG_RETRY_FIRST_MS = 1000;
export const PLUG_RETRY_MAX_MS = 60_000;
/** While all is well the plug is read this often: its power for the budget, and a hand on its button undone. */
export const PLUG_POLL_MS = 30_000;

export interface PlugOutputDeps {
  http: HttpClient;
  timers: Timers;
  logger: Logger;
  /** For the digest client nonce. */
  random: Random;
  sha256: Sha256;
  /** Shared by every plug of the box: how many exchanges may be in flight at once (src/plugs/gate.ts). */
  gate?: ExchangeGate;
}

export interface PlugOutputOptions {
  /** Who this output is, in logs: the load id and the contact's index. */
  label: string;
  /** `host` or `host:port` on the LAN. */
  host: string;
  protocol: PlugProtocol;
  wiring: PlugWiring;
  /** Shelly's digest password (Tasmota's credentials are in its protocol's query). */
  password?: string;
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

type Exchange = { ok: true; body: string } | { ok: false; why: string };

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
  private challenge: DigestChallenge | null = null;
  private nonceCount = 0;
  private confirmedListener: ((on: boolean | null) => void) | undefined;
  private powerListener: ((powerW: number | null) => void) | undefined;
  /** What the listener was last told (undefined: nothing yet), so a poll that learns nothing new says nothing. */
  private reported: boolean | null | undefined;
  /** The last power read (undefined: none yet); told on every read, since each one renews the measurement's age. */
  private lastPowerW: number | null | undefined;

  constructor(deps: PlugOutputDeps, options: PlugOutputOptions) {
    this.deps = deps;
    this.options = options;
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
    const { protocol } = this.options;
    const wanted = this.wanted;
    let answer: Exchange;
    if (this.setOwed && wanted !== null) {
      answer = await this.get(protocol.setPath(wanted));
      if (!answer.ok) return this.failed(answer.why);
      if (!protocol.parseSet(answer.body)) return this.failed("unexpected answer to the command");
    }
    answer = await this.get(protocol.statusPath());
    if (!answer.ok) return this.failed(answer.why);
    const reading = protocol.parseStatus(answer.body);
    if (reading === null) return this.failed("unexpected status answer");
    let powerW = reading.powerW;
    if (powerW === undefined && protocol.powerPath && protocol.parsePower) {
      if (!reading.on) powerW = 0;
      else {
        answer = await this.get(protocol.powerPath());
        if (answer.ok) powerW = protocol.parsePower(answer.body) ?? undefined;
      }
    }
    this.answered(reading.on, powerW);
    if (wanted !== null && reading.on !== wanted) {
      // Not taken yet, or switched by hand since: the box's decision stands, so it is sent again (after a pause).
      this.setOwed = true;
      this.mismatches++;
      if (this.mismatches === 1) this.deps.logger.log("warn", "plug did not take the command; sending it again", { output: this.options.label, host: this.options.host, wanted, on: reading.on });
      return true;
    }
    this.mismatches = 0;
    if (wanted === this.wanted) this.setOwed = false;
    return false;
  }

  private answered(on: boolean, powerW: number | undefined): void {
    if (this.state.reachable === false) this.deps.logger.log("info", "plug answers again", { output: this.options.label, host: this.options.host, on });
    this.state.reachable = true;
    this.state.on = on;
    this.state.powerW = powerW ?? null;
    this.state.failures = 0;
    delete this.state.error;
    this.report(this.options.wiring === "socket" ? !on : on, powerW ?? null);
  }

  private failed(why: string): boolean {
    if (this.state.reachable !== false) {
      this.deps.logger.log("warn", "plug unreachable; retrying with back-off", { output: this.options.label, host: this.options.host, error: why, lastKnownOn: this.state.on });
    }
    this.state.reachable = false;
    this.state.error = why;
    this.state.failures++;
    this.state.powerW = null;
    // Unreachable: the contact's state is not known any more (the last known one stays in `status().on`).
    this.report(null, null);
    return true;
  }

  private report(contact: boolean | null, powerW: number | null): void {
    if (this.reported !== contact) {
      this.reported = contact;
      this.confirmedListener?.(contact);
    }
    // Every read, even the same value: the core keeps a measurement only while it is renewed (MEASURED_FRESH_MS).
    if (this.options.wiring === "socket" && (powerW !== null || this.lastPowerW !== null)) {
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

  /**
   * One GET, answering a digest challenge once when the device asks for one. One result variable, overwritten: an
   * exchange waiting on the network holds only what it needs (bench/plugs-heap: every plug may be in flight at once).
   */
  private async get(path: string): Promise<Exchange> {
    let result = await this.request(path);
    if (result.ok && result.response.status === 401 && this.options.protocol.digest) {
      const refused = this.takeChallenge(result.response.headers["www-authenticate"]);
      if (refused !== undefined) return { ok: false, why: refused };
      result = await this.request(path);
    }
    if (!result.ok) return { ok: false, why: result.error.kind };
    const status = result.response.status;
    if (status === 401) return { ok: false, why: "password refused (401)" };
    if (status !== 200) return { ok: false, why: `HTTP ${status}` };
    return { ok: true, body: result.response.body };
  }

  /** A fresh challenge (the first, or the old nonce expired) is kept for the next requests; why not, else. */
  private takeChallenge(header: string | undefined): string | undefined {
    const challenge = parseDigestChallenge(header);
    if (challenge === null) return "401 without a SHA-256 digest challenge";
    if (this.options.password === undefined || this.options.password === "") return "the device asks for a password and none is set";
    // Answered once; a second 401 on the same request is a wrong password.
    this.challenge = challenge;
    this.nonceCount = 0;
    return undefined;
  }

  private request(path: string): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    const { password } = this.options;
    if (this.challenge !== null && password !== undefined && password !== "") {
      this.nonceCount++;
      const cnonce = bytesToHex(this.deps.random.fill(new Uint8Array(8)));
      headers.authorization = digestAuthorization({ challenge: this.challenge, method: "GET", uri: path, password, nonceCount: this.nonceCount, cnonce, sha256: this.deps.sha256 });
    }
    return this.deps.http.request({ method: "GET", url: `http://${this.options.host}${path}`, headers, timeoutMs: PLUG_REQUEST_TIMEOUT_MS, maxBodyBytes: PLUG_MAX_BODY_BYTES });
  }
}
