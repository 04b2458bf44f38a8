// One HAP connection: HTTP framing, in-order answers to pipelined requests, the encrypted session after
// pair-verify, and event delivery between responses, within the socket policy's bounds. Never routes or decides.
import type { Logger, TcpSocket, Timers } from "../hal/types";
import { HttpRequestParser, type HttpRequest } from "../lib/http";
import { inboundLimitBytes, OUTPUT, outputState, pauseReading, resumeReading, STANDING, type ProgressMarks, type SocketLimits, type Standing, type Tracked } from "../lib/socket-policy";
import { HAP_STATUS } from "./catalog";
import type { HapCrypto } from "./crypto/types";
import { encodeEventMessage, type CharacteristicEvent } from "./events";
import { jsonResponse } from "./hap-http";
import type { PairVerify } from "./pairing/pair-verify";
import type { SessionKeys } from "./pairing/types";
import { SecureSession } from "./session";

/** What one routed request produced: bytes to send, and work to do right after they are sent. */
export interface RouteResult {
  response: Uint8Array;
  after?: () => void;
  /** A pairing step: true while the exchange awaits this connection's next step, false once it is over. */
  handshake?: boolean;
}

export interface ConnectionDeps {
  crypto: HapCrypto;
  timers: Timers;
  logger: Logger;
  route(connection: HapConnection, request: HttpRequest): Promise<RouteResult>;
  /** Pending events for this connection (removed from the queue). */
  takeEvents(connectionId: number): CharacteristicEvent[];
  /** Called once when the connection is gone, whoever closed it. */
  onClosed(connection: HapConnection): void;
  eventCoalesceMs: number;
  /** The server's socket limits; `idleMs` applies to unverified connections only (0: never). */
  limits: SocketLimits;
  /** The server's progress marks, for eviction order. */
  marks: ProgressMarks;
}

const NO_BYTES = new Uint8Array(0);

export class HapConnection implements Tracked {
  /** Set once pair-verify succeeded; the connection is a session from then on. */
  keys: SessionKeys | undefined;
  /** The pair-verify in progress on this connection, if any. */
  verify: PairVerify | undefined;
  lastProgress: number;
  private session: SecureSession | undefined;
  private readonly parser: HttpRequestParser;
  /** Parsed requests waiting for their answer (at most limits.maxPipelined); more wait unparsed in the parser. */
  private readonly queue: HttpRequest[] = [];
  private pumping = false;
  /** A request is being routed (computed, or awaited): the connection is busy. */
  private routing = false;
  private closedFlag = false;
  /** We asked the socket to stop reading. */
  private paused = false;
  /** A framing error: answered with 400 and closed once the requests before it are answered. */
  private fatal: string | undefined;
  private eventTimer: unknown;
  private idleTimer: unknown;
  /** Open while a pairing exchange awaits this connection's next step, within limits.handshakeMs of its first. */
  private handshakeTimer: unknown;
  private handshakeStarted = false;

  constructor(
    readonly id: number,
    private readonly socket: TcpSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.parser = new HttpRequestParser(deps.limits); // the shared limits object: no copy per connection
    this.lastProgress = deps.marks.next();
    socket.onData((bytes) => this.receive(bytes));
    socket.onClose(() => this.forget());
    socket.onDrain?.(() => void this.pump());
    this.armIdle();
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The peer's address: pair-verify M1s take turns by it. */
  get remoteAddress(): string {
    return this.socket.remoteAddress;
  }

  get standing(): Standing {
    if (this.routing) return STANDING.busy;
    if (this.keys !== undefined) return STANDING.session;
    if (this.handshakeTimer !== undefined) return STANDING.handshake;
    return STANDING.idle;
  }

  /** Every byte after the response just sent, both ways, is framed and encrypted with these keys. */
  secure(keys: SessionKeys): void {
    this.session = new SecureSession(this.deps.crypto, keys);
    this.keys = keys;
    this.verify = undefined;
    this.endHandshake();
    // iOS keeps its sessions open for days and talks only when something changes: silence is normal now.
    this.clearIdle();
  }

  /** Events are pending: send them after a short coalescing window, between responses. */
  scheduleEvents(): void {
    if (this.eventTimer !== undefined || this.closedFlag) return;
    this.eventTimer = this.deps.timers.setTimeout(() => {
      this.eventTimer = undefined;
      this.flushEvents();
    }, this.deps.eventCoalesceMs);
  }

  close(reason: string): void {
    if (this.closedFlag) return;
    this.deps.logger.log("debug", "hap: closing connection", { id: this.id, reason });
    this.socket.close();
    this.forget();
  }

  private receive(bytes: Uint8Array): void {
    if (this.closedFlag || this.fatal !== undefined) return;
    const pausedBefore = this.paused;
    if (this.session === undefined) this.take(bytes);
    else {
      const opened = this.session.decrypt(bytes);
      if (opened.error !== undefined) {
        // A bad frame means the stream is out of sync or forged: nothing after it can be trusted.
        this.close(`bad frame: ${opened.error}`);
        return;
      }
      for (const plain of opened.plain) this.take(plain);
    }
    // Past one largest request unparsed: fine once (one read of a socket that pauses now), not from a socket that
    // cannot pause or delivered while paused.
    const overLimit = this.parser.bufferedBytes > inboundLimitBytes(this.deps.limits);
    if (overLimit && (pausedBefore || this.socket.pause === undefined)) {
      this.close("pipelined past the limit");
      return;
    }
    void this.pump();
    this.flowControl();
  }

  /** Parse what fits in the queue; the rest waits unparsed in the parser. */
  private take(bytes: Uint8Array): void {
    if (this.fatal !== undefined) return;
    const room = this.deps.limits.maxPipelined - this.queue.length;
    const parsed = this.parser.push(bytes, room > 0 ? room : 0);
    for (const request of parsed.requests) this.queue.push(request);
    if (parsed.error !== undefined) this.fatal = parsed.error;
    if (parsed.requests.length > 0) this.progress();
  }

  /** Requests are answered strictly in order, one at a time (pipelining), while the peer reads what we send. */
  private async pump(): Promise<void> {
    if (this.pumping || this.closedFlag) return;
    this.pumping = true;
    let answered = 0;
    while (!this.closedFlag) {
      // A peer pipelining without pause must not keep the event loop: other connections (and the meter) get a turn.
      if (answered > 0 && answered % this.deps.limits.maxPipelined === 0) await this.turn();
      const output = outputState(this.socket, this.deps.limits);
      if (output === OUTPUT.over) {
        this.close("output past its limit: the peer does not read");
        break;
      }
      if (output === OUTPUT.full) break; // the socket's drain pumps again
      if (this.queue.length === 0) this.take(NO_BYTES);
      const request = this.queue.shift();
      if (request === undefined) break;
      this.routing = true;
      let result: RouteResult;
      try {
        result = await this.deps.route(this, request);
      } catch (error) {
        this.deps.logger.log("error", "hap: handler failed", { path: request.path, error: String(error) });
        result = { response: jsonResponse(500, { status: HAP_STATUS.ServiceCommunicationFailure }) };
      } finally {
        this.routing = false;
      }
      if (this.closedFlag) break;
      this.send(result.response);
      if (result.handshake === true) this.startHandshake();
      else if (result.handshake === false) this.endHandshake();
      result.after?.();
      this.progress(); // the peer's silence counts from our answer, not from its request (SRP can take seconds)
      answered++;
    }
    this.pumping = false;
    if (this.closedFlag) return;
    if (this.fatal !== undefined && this.queue.length === 0) {
      this.deps.logger.log("warn", "hap: bad request, closing connection", { id: this.id, reason: this.fatal });
      this.send(jsonResponse(400, { status: HAP_STATUS.InvalidValue }));
      this.close(this.fatal);
      return;
    }
    this.flowControl();
    this.flushEvents();
  }

  private turn(): Promise<void> {
    return new Promise((resolve) => void this.deps.timers.setTimeout(resolve, 0));
  }

  /** Read while there is room for more requests and for their answers; otherwise let the bytes wait in the network. */
  private flowControl(): void {
    if (this.closedFlag) return;
    const stop = this.queue.length >= this.deps.limits.maxPipelined || outputState(this.socket, this.deps.limits) !== OUTPUT.room;
    if (stop && !this.paused) this.paused = pauseReading(this.socket);
    else if (!stop && this.paused) {
      this.paused = false;
      resumeReading(this.socket);
    }
  }

  private send(bytes: Uint8Array): void {
    if (this.closedFlag) return;
    this.socket.write(this.session !== undefined ? this.session.encrypt(bytes) : bytes);
  }

  /** Never in the middle of a response, never ahead of a queued request, only on a session with room to write. */
  private flushEvents(): void {
    if (this.closedFlag || this.pumping || this.queue.length > 0 || this.session === undefined || this.eventTimer !== undefined) return;
    // A session that does not read keeps its events coalesced in the hub (one value per characteristic), not here.
    if (outputState(this.socket, this.deps.limits) !== OUTPUT.room) return;
    const events = this.deps.takeEvents(this.id);
    if (events.length > 0) this.send(encodeEventMessage(events));
  }

  /** A request completed or an answer went out: the connection is younger for eviction, and its idle clock restarts. */
  private progress(): void {
    this.lastProgress = this.deps.marks.next();
    this.armIdle();
  }

  /**
   * Unverified connections (scanners, stalled pairings, half-open sockets, peers that stopped reading) hold memory a
   * small device needs. Only progress re-arms it: a request trickling in byte by byte is silence too.
   */
  private armIdle(): void {
    if (this.keys !== undefined || this.closedFlag || this.deps.limits.idleMs <= 0) return;
    this.clearIdle();
    this.idleTimer = this.deps.timers.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.keys === undefined && !this.routing) this.close("unverified and idle");
      else this.armIdle();
    }, this.deps.limits.idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) this.deps.timers.clear(this.idleTimer);
    this.idleTimer = undefined;
  }

  /**
   * The protection lasts limits.handshakeMs from the first step awaited, once per connection: a peer that starts over
   * (or re-sends M1 to hold its place) gets no new window.
   */
  private startHandshake(): void {
    if (this.handshakeStarted || this.keys !== undefined || this.deps.limits.handshakeMs <= 0) return;
    this.handshakeStarted = true;
    this.handshakeTimer = this.deps.timers.setTimeout(() => (this.handshakeTimer = undefined), this.deps.limits.handshakeMs);
  }

  private endHandshake(): void {
    if (this.handshakeTimer !== undefined) this.deps.timers.clear(this.handshakeTimer);
    this.handshakeTimer = undefined;
  }

  private forget(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.eventTimer !== undefined) this.deps.timers.clear(this.eventTimer);
    this.eventTimer = undefined;
    this.clearIdle();
    this.endHandshake();
    this.deps.onClosed(this);
  }
}
