// One HTTP request per TCP connection over hal TcpSocket (portal and web page): limits, timeout, 400/413, close.
// Never blocks on a client and never throws into the socket callbacks: a broken, slow or failing request closes that connection only.

import type { TcpSocket, Timers } from "../../hal/types";
import { HttpRequestParser, type HttpRequest } from "../../lib/http";
import { REASONS, writeTextResponse, type TextResponse } from "./text-response";

export interface ExchangeLimits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  maxConnections: number;
}

/** Counters the exchange bumps on the server's own stats object. */
export interface ExchangeStats {
  badRequests: number;
  timedOut: number;
  refusedConnections: number;
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
  /** A synchronous answer is written at once; a promised one when it settles. */
  respond(request: HttpRequest): TextResponse | Promise<TextResponse>;
  /** Our bug or a store failure: the connection is dropped, the server keeps serving the others. */
  onFailure(error: unknown, request: HttpRequest): void;
}

/** Serve one request on a freshly accepted socket; `sockets` is the server's set of open connections. */
export function serveOneRequest(socket: TcpSocket, sockets: Set<TcpSocket>, timers: Timers, limits: ExchangeLimits, hooks: ExchangeHooks): void {
  if (!hooks.isOpen() || sockets.size >= limits.maxConnections) {
    hooks.stats.refusedConnections++;
    socket.close();
    return;
  }
  sockets.add(socket);
  const parser = new HttpRequestParser({ maxHeaderBytes: limits.maxHeaderBytes, maxBodyBytes: limits.maxBodyBytes });
  let answered = false;
  // The time limit covers the answer too: a client that stops reading must not hold its connection for ever.
  const timer = timers.setTimeout(() => {
    if (!answered) hooks.stats.timedOut++;
    socket.close();
  }, limits.requestTimeoutMs);
  socket.onClose(() => {
    timers.clear(timer);
    sockets.delete(socket);
  });
  const send = (response: TextResponse): void => writeTextResponse(socket, response);
  socket.onData((bytes) => {
    if (answered) return; // one request per connection: we answer with Connection: close
    const parsed = parser.push(bytes);
    if (parsed.error !== undefined) {
      answered = true;
      hooks.stats.badRequests++;
      hooks.onBadRequest?.(parsed.error, socket);
      const status = hooks.badRequestStatus(parsed.error);
      send({ status, headers: { Connection: "close", "Content-Type": "text/plain" }, body: REASONS[status] ?? "Bad Request" });
      return;
    }
    if (parsed.requests.length === 0) return;
    answered = true;
    const request = parsed.requests[0];
    const fail = (error: unknown): void => {
      hooks.onFailure(error, request);
      socket.close();
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
