// One HAP connection: HTTP framing, in-order answers to pipelined requests, the encrypted session after
// pair-verify, and event delivery between responses. Never routes or decides: the server's `route` does that.
import type { Logger, TcpSocket, Timers } from "../hal/types";
import { HttpRequestParser, type HttpRequest } from "../lib/http";
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
  /** An unverified connection silent this long is closed (0: never). Verified sessions are never timed out. */
  unverifiedIdleMs: number;
}

export class HapConnection {
  /** Set once pair-verify succeeded; the connection is a session from then on. */
  keys: SessionKeys | undefined;
  /** The pair-verify in progress on this connection, if any. */
  verify: PairVerify | undefined;
  private session: SecureSession | undefined;
  private readonly parser = new HttpRequestParser();
  private readonly queue: HttpRequest[] = [];
  private processing = false;
  private closedFlag = false;
  /** A framing error: answered with 400 and closed once the requests before it are answered. */
  private fatal: string | undefined;
  private eventTimer: unknown;
  private idleTimer: unknown;

  constructor(
    readonly id: number,
    private readonly socket: TcpSocket,
    private readonly deps: ConnectionDeps,
  ) {
    socket.onData((bytes) => this.receive(bytes));
    socket.onClose(() => this.forget());
    this.armIdle();
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The peer's address: pair-verify M1s take turns by it. */
  get remoteAddress(): string {
    return this.socket.remoteAddress;
  }

  /** Idle: no request being answered or waiting. */
  get idle(): boolean {
    return !this.processing && this.queue.length === 0;
  }

  /** Every byte after the response just sent, both ways, is framed and encrypted with these keys. */
  secure(keys: SessionKeys): void {
    this.session = new SecureSession(this.deps.crypto, keys);
    this.keys = keys;
    this.verify = undefined;
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
    this.armIdle();
    let chunks: Uint8Array[] = [bytes];
    if (this.session !== undefined) {
      const opened = this.session.decrypt(bytes);
      if (opened.error !== undefined) {
        // A bad frame means the stream is out of sync or forged: nothing after it can be trusted.
        this.close(`bad frame: ${opened.error}`);
        return;
      }
      chunks = opened.plain;
    }
    for (const chunk of chunks) {
      const parsed = this.parser.push(chunk);
      for (const request of parsed.requests) this.queue.push(request);
      if (parsed.error !== undefined) {
        this.fatal = parsed.error;
        break;
      }
    }
    void this.pump();
  }

  /** Requests are answered strictly in order, one at a time (pipelining). */
  private async pump(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    while (this.queue.length > 0 && !this.closedFlag) {
      const request = this.queue.shift() as HttpRequest;
      let result: RouteResult;
      try {
        result = await this.deps.route(this, request);
      } catch (error) {
        this.deps.logger.log("error", "hap: handler failed", { path: request.path, error: String(error) });
        result = { response: jsonResponse(500, { status: HAP_STATUS.ServiceCommunicationFailure }) };
      }
      if (this.closedFlag) break;
      this.send(result.response);
      result.after?.();
      this.armIdle(); // the peer's silence counts from our answer, not from its request (SRP can take seconds)
    }
    this.processing = false;
    if (this.closedFlag) return;
    if (this.fatal !== undefined) {
      this.deps.logger.log("warn", "hap: bad request, closing connection", { id: this.id, reason: this.fatal });
      this.send(jsonResponse(400, { status: HAP_STATUS.InvalidValue }));
      this.close(this.fatal);
      return;
    }
    this.flushEvents();
  }

  private send(bytes: Uint8Array): void {
    if (this.closedFlag) return;
    this.socket.write(this.session !== undefined ? this.session.encrypt(bytes) : bytes);
  }

  /** Never in the middle of a response, never ahead of a queued request, only on a session. */
  private flushEvents(): void {
    if (this.closedFlag || !this.idle || this.session === undefined || this.eventTimer !== undefined) return;
    const events = this.deps.takeEvents(this.id);
    if (events.length > 0) this.send(encodeEventMessage(events));
  }

  /** Unverified connections (scanners, stalled pairings, half-open sockets) hold memory a small device needs. */
  private armIdle(): void {
    if (this.keys !== undefined || this.closedFlag || this.deps.unverifiedIdleMs <= 0) return;
    this.clearIdle();
    this.idleTimer = this.deps.timers.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.keys === undefined && this.idle) this.close("unverified and idle");
      else this.armIdle();
    }, this.deps.unverifiedIdleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) this.deps.timers.clear(this.idleTimer);
    this.idleTimer = undefined;
  }

  private forget(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.eventTimer !== undefined) this.deps.timers.clear(this.eventTimer);
    this.eventTimer = undefined;
    this.clearIdle();
    this.deps.onClosed(this);
  }
}
