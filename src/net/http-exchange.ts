// One HTTP request per TCP connection over hal TcpSocket (portal and web page), within the socket policy: limits,
// timeout, 400/413, fair eviction when full. Never blocks on a client and never throws into the socket callbacks.

import type { TcpSocket, Timers } from "../../hal/types";
import { HttpRequestParser, type HttpRequest } from "../../lib/http";
import { evictionVictim, pauseReading, ProgressMarks, STANDING, type SocketLimits, type Standing, type Tracked } from "../../lib/socket-policy";
import { REASONS, writeTextResponse, type TextResponse } from "./text-response";

/** Counters the exchange bumps on the server's own stats object. */
export interface ExchangeStats {
  badRequests: number;
  timedOut: number;
  /** Newcomers turned away: the server was closed, or full of requests being answered. */
  refusedConnections: number;
  /** Idle or answered connections closed to make room for a newcomer. */
  evictedConnections: number;
}

/** What differs between servers: routing, how a parse error is answered, how a failure is told. */
export interface ExchangeHooks {
  stats: ExchangeStats;
  /** False once the server is closed: new connections are refused. */
  isOpen(): boolean;
  /** The status for an unparsable request (the web page says 413 for an oversized one, the portal 400). */
  badRequestStatus(error: string): number;
  /** Told of each unparsable request (the portal logs it). */
  onBadRequest?(error: string, socket: TcpSocket): void;
  /**
   * A long-lived answer (the API's event stream) takes the socket over: true when it did, and the exchange forgets
   * the connection (its place, its timer); false lets `respond` answer as usual.
   */
  adopt?(request: HttpRequest, socket: TcpSocket): boolean;
  /** A synchronous answer is written at once; a promised one when it settles. */
  respond(request: HttpRequest): TextResponse | Promise<TextResponse>;
  /** Our bug or a store failure: the connection is dropped, the server keeps serving the others. */
  onFailure(error: unknown, request: HttpRequest): void;
}

/** One open connection, as the eviction policy sees it. */
class Exchange implements Tracked {
  standing: Standing = STANDING.idle;
  lastProgress: number;

  constructor(
    readonly socket: TcpSocket,
    private readonly table: ExchangeTable,
  ) {
    this.lastProgress = table.marks.next();
  }

  /** A step forward (request complete, answer started): younger for eviction. */
  advance(standing: Standing): void {
    this.standing = standing;
    this.lastProgress = this.table.marks.next();
  }

  /** Closed by us: its place is free at once, whatever the socket still flushes. */
  close(): void {
    this.table.connections.delete(this);
    this.socket.close();
  }
}

/** A server's open connections and its progress marks. */
export class ExchangeTable {
  readonly connections = new Set<Exchange>();
  readonly marks = new ProgressMarks();

  get size(): number {
    return this.connections.size;
  }

  closeAll(): void {
    for (const exchange of [...this.connections]) exchange.close();
  }
}

/** Serve one request on a freshly accepted socket, making room for it (or refusing it) by the policy when full. */
export function serveOneRequest(socket: TcpSocket, table: ExchangeTable, timers: Timers, limits: SocketLimits, hooks: ExchangeHooks): void {
  if (!hooks.isOpen()) {
    hooks.stats.refusedConnections++;
    socket.close();
    return;
  }
  if (table.size >= limits.maxConnections) {
    // A few idle sockets reopened now and then must not lock the owner out: the oldest answered or idle one goes.
    const victim = evictionVictim(table.connections, limits);
    if (victim === undefined) {
      hooks.stats.refusedConnections++;
      socket.close();
      return;
    }
    hooks.stats.evictedConnections++;
    victim.close();
  }
  const exchange = new Exchange(socket, table);
  table.connections.add(exchange);
  const parser = new HttpRequestParser({ maxHeaderBytes: limits.maxHeaderBytes, maxBodyBytes: limits.maxBodyBytes });
  let answered = false;
  // The time limit covers the answer too: a client that stops reading must not hold its connection for ever.
  const timer = timers.setTimeout(() => {
    if (!answered) hooks.stats.timedOut++;
    exchange.close();
  }, limits.requestMs);
  socket.onClose(() => {
    timers.clear(timer);
    table.connections.delete(exchange);
  });
  const send = (response: TextResponse): void => {
    exchange.advance(STANDING.spent);
    writeTextResponse(socket, response, limits);
  };
  socket.onData((bytes) => {
    if (answered) return; // one request per connection: we answer with Connection: close
    const parsed = parser.push(bytes, limits.maxPipelined);
    if (parsed.error !== undefined) {
      answered = true;
      pauseReading(socket);
      hooks.stats.badRequests++;
      hooks.onBadRequest?.(parsed.error, socket);
      const status = hooks.badRequestStatus(parsed.error);
      send({ status, headers: { Connection: "close", "Content-Type": "text/plain" }, body: REASONS[status] ?? "Bad Request" });
      return;
    }
    if (parsed.requests.length === 0) return;
    answered = true;
    // Nothing after the request is read: what the peer pipelines waits in its own TCP window, not in our heap.
    pauseReading(socket);
    exchange.advance(STANDING.busy);
    const request = parsed.requests[0];
    if (hooks.adopt !== undefined && hooks.adopt(request, socket)) {
      timers.clear(timer);
      table.connections.delete(exchange);
      return;
    }
    const fail = (error: unknown): void => {
      hooks.onFailure(error, request);
      exchange.close();
    };
    let outcome: TextResponse | Promise<TextResponse>;
    try {
      outcome = hooks.respond(request);
    } catch (error) {
      fail(error);
      return;
    }
    if (outcome instanceof Promise) outcome.then(send).catch(fail);
    else send(outcome);
  });
}
