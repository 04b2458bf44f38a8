// The box's web page server in station mode: HTTP over hal TcpNetwork, one request per connection, size limits.
// Never blocks on a client: a broken, oversized or slow request closes that connection only.

import type { Logger, Random, TcpListener, TcpNetwork, TcpSocket, Timers } from "../../hal/types";
import { concatBytes, utf8Encode } from "../../homekit/crypto/bytes";
import { HttpRequestParser } from "../../homekit/http";
import type { WebBox } from "./box";
import { newCsrfToken } from "./guard";
import { routeWebRequest, type WebResponse } from "./routes";

export const WEB_LIMITS = Object.freeze({
  /** A phone's request head is ~600 bytes; 4 KiB leaves room for cookies from other apps on the same IP. */
  maxHeaderBytes: 4096,
  /** The settings form for 10 loads is ~2 KiB urlencoded; a JSON settings document a little more. */
  maxBodyBytes: 8192,
  requestTimeoutMs: 10_000,
  /** The ESP32 has few sockets, and HomeKit needs its own. */
  maxConnections: 6,
});

export interface WebServerDeps {
  tcp: TcpNetwork;
  timers: Timers;
  random: Random;
  logger: Logger;
  box: WebBox;
}

export interface WebServerOptions {
  port: number;
  bind?: string;
  extraHostNames?: readonly string[];
  requestTimeoutMs?: number;
  maxConnections?: number;
}

export interface WebStats {
  requests: number;
  badRequests: number;
  timedOut: number;
  refusedConnections: number;
}

const REASONS: Readonly<Record<number, string>> = Object.freeze({
  200: "OK",
  303: "See Other",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
});

export function encodeWebResponse(response: WebResponse | { status: number; headers: Record<string, string>; body: string }): Uint8Array {
  const body = utf8Encode(response.body);
  let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? "Status"}\r\n`;
  for (const name of Object.keys(response.headers)) head += `${name}: ${response.headers[name]}\r\n`;
  head += `Content-Length: ${body.length}\r\n\r\n`;
  return concatBytes(utf8Encode(head), body);
}

export class WebServer {
  readonly stats: WebStats = { requests: 0, badRequests: 0, timedOut: 0, refusedConnections: 0 };
  /** One per boot (see guard.ts). */
  readonly csrfToken: string;
  private listener: TcpListener | undefined;
  private readonly sockets = new Set<TcpSocket>();
  private closed = false;

  constructor(
    private readonly deps: WebServerDeps,
    private readonly options: WebServerOptions,
  ) {
    this.csrfToken = newCsrfToken(deps.random);
  }

  get port(): number | undefined {
    return this.listener?.port;
  }

  async start(): Promise<void> {
    this.listener = await this.deps.tcp.listen({ port: this.options.port, address: this.options.bind }, (socket) => this.accept(socket));
    this.deps.logger.log("info", "web page: open", { port: this.listener.port });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener?.close();
    for (const socket of this.sockets) socket.close();
    this.sockets.clear();
  }

  private accept(socket: TcpSocket): void {
    if (this.closed || this.sockets.size >= (this.options.maxConnections ?? WEB_LIMITS.maxConnections)) {
      this.stats.refusedConnections++;
      socket.close();
      return;
    }
    this.sockets.add(socket);
    const parser = new HttpRequestParser({ maxHeaderBytes: WEB_LIMITS.maxHeaderBytes, maxBodyBytes: WEB_LIMITS.maxBodyBytes });
    let answered = false;
    const timer = this.deps.timers.setTimeout(() => {
      if (answered) return;
      this.stats.timedOut++;
      socket.close();
    }, this.options.requestTimeoutMs ?? WEB_LIMITS.requestTimeoutMs);
    socket.onClose(() => {
      this.deps.timers.clear(timer);
      this.sockets.delete(socket);
    });
    socket.onData((bytes) => {
      if (answered) return; // one request per connection: we answer with Connection: close
      const parsed = parser.push(bytes);
      if (parsed.error !== undefined) {
        answered = true;
        this.stats.badRequests++;
        const status = /too large/.test(parsed.error) ? 413 : 400;
        socket.write(encodeWebResponse({ status, headers: { Connection: "close", "Content-Type": "text/plain" }, body: REASONS[status] }));
        socket.close();
        return;
      }
      if (parsed.requests.length === 0) return;
      answered = true;
      this.stats.requests++;
      let response: WebResponse;
      try {
        response = routeWebRequest(parsed.requests[0], { box: this.deps.box, csrfToken: this.csrfToken, extraHostNames: this.options.extraHostNames });
      } catch (error) {
        // Our bug: say so loudly, drop this connection, keep serving the others.
        this.deps.logger.log("error", "web page: request failed", { error: String(error), path: parsed.requests[0].path });
        socket.close();
        return;
      }
      socket.write(encodeWebResponse(response));
      socket.close();
    });
  }
}

/** Start the web page for a running Device (host-sim calls it; the firmware goes through station.ts). */
export async function startWebPage(deps: WebServerDeps, options: WebServerOptions): Promise<WebServer> {
  const server = new WebServer(deps, options);
  await server.start();
  return server;
}
