// The box's web page server in station mode: HTTP over hal TcpNetwork, one request per connection, size limits.
// Never blocks on a client: a broken, oversized or slow request closes that connection only.

import type { HttpRequest } from "../../lib/http";
import type { Clock, KeyValueStore, Logger, Random, TcpListener, TcpNetwork, TcpSocket, Timers } from "../../hal/types";
import { SOCKET_LIMITS, type SocketLimits } from "../../lib/socket-policy";
import { OwnerAuth } from "../auth/owner-auth";
import { timerYield } from "../auth/pbkdf2";
import type { AuthPrimitives } from "../auth/primitives";
import { ExchangeTable, serveOneRequest } from "../net/http-exchange";
import type { WebBox } from "./box";
import { routeWebRequest } from "./routes";
import { accessOf } from "./access";
import { EventStream } from "./events";
import { hostAllowed, hostRepeated, originAllowed } from "./guard";

/** The web page's socket limits (lib/socket-policy.ts, one table for every server). */
export const WEB_LIMITS: SocketLimits = SOCKET_LIMITS.web;

export interface WebServerDeps {
  tcp: TcpNetwork;
  timers: Timers;
  random: Random;
  logger: Logger;
  box: WebBox;
  /** The owner's password record, tokens and failed-attempt counter live here (src/auth). */
  store: KeyValueStore;
  clock: Clock;
  /** Shares credentials already built over the same store (tests); otherwise the server builds its own. */
  auth?: OwnerAuth;
  /** The hashes behind the owner password (the device's native ones); default: pure-ES @noble. */
  authPrimitives?: AuthPrimitives;
}

export interface WebServerOptions {
  port: number;
  bind?: string;
  /** The box's own mDNS name ("delesteur.local"): the one .local name its Host check accepts. */
  mdnsName?: string;
  extraHostNames?: readonly string[];
  requestTimeoutMs?: number;
  maxConnections?: number;
}

export interface WebStats {
  requests: number;
  badRequests: number;
  timedOut: number;
  refusedConnections: number;
  evictedConnections: number;
}

export class WebServer {
  readonly stats: WebStats = { requests: 0, badRequests: 0, timedOut: 0, refusedConnections: 0, evictedConnections: 0 };
  /** The owner's credentials: sessions in RAM (a restart logs out), password and tokens in the store. */
  readonly auth: OwnerAuth;
  /** The API's push events (GET /api/events), when the box gives a publish path to follow. */
  readonly events: EventStream | undefined;
  private unsubscribe: (() => void) | undefined;
  private listener: TcpListener | undefined;
  private readonly connections = new ExchangeTable();
  private readonly limits: SocketLimits;
  private closed = false;

  constructor(
    private readonly deps: WebServerDeps,
    private readonly options: WebServerOptions,
  ) {
    this.auth = deps.auth ?? new OwnerAuth({ store: deps.store, clock: deps.clock, random: deps.random, yieldFn: timerYield(deps.timers), logger: deps.logger, primitives: deps.authPrimitives });
    const requestMs = options.requestTimeoutMs ?? WEB_LIMITS.requestMs;
    this.limits = Object.freeze({ ...WEB_LIMITS, requestMs, idleMs: requestMs, maxConnections: options.maxConnections ?? WEB_LIMITS.maxConnections });
    if (deps.box.subscribe !== undefined) {
      const events = new EventStream(deps.timers);
      this.events = events;
      this.unsubscribe = deps.box.subscribe((update) => events.observe(update));
    }
  }

  /** Connections the page's exchanges hold now (event streams are counted by `events`). */
  get connectionCount(): number {
    return this.connections.size;
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
    this.connections.closeAll();
    this.unsubscribe?.();
    this.events?.close();
  }

  names(): { mdnsName?: string; extraNames?: readonly string[] } {
    return { mdnsName: this.options.mdnsName, extraNames: this.options.extraHostNames };
  }

  /**
   * GET /api/events with one Host naming this box and the owner's credentials (session cookie or bearer token: the
   * stream tells when someone is home) becomes a stream; anything else is answered by the router (401, 429...).
   */
  private adoptEvents(request: HttpRequest, socket: TcpSocket): boolean {
    const events = this.events;
    if (events === undefined || request.path !== "/api/events" || request.method !== "GET" || this.closed) return false;
    if (hostRepeated(request) || !hostAllowed(request.headers["host"], this.names())) return false;
    // A page of another origin gets no stream (CORS would hide it anyway): refused by the router with 403.
    if (!originAllowed(request.headers["origin"], request.headers["host"])) return false;
    const access = accessOf(request, this.auth);
    if (access.kind !== "session" && access.kind !== "token") return false;
    if (events.full()) return false;
    this.stats.requests++;
    return events.attach(socket, request.headers["last-event-id"]);
  }

  private accept(socket: TcpSocket): void {
    serveOneRequest(socket, this.connections, this.deps.timers, this.limits, {
      stats: this.stats,
      isOpen: () => !this.closed,
      badRequestStatus: (error) => (/too large/.test(error) ? 413 : 400),
      adopt: (request, adopted) => this.adoptEvents(request, adopted),
      respond: (request) => {
        this.stats.requests++;
        return routeWebRequest(request, { box: this.deps.box, auth: this.auth, names: this.names(), events: this.events });
      },
      onFailure: (error, request) => {
        // Our bug: say so loudly; the exchange drops this connection only.
        this.deps.logger.log("error", "web page: request failed", { error: String(error), path: request.path });
      },
    });
  }
}

/** Start the web page for a running Device (host-sim calls it; the firmware goes through station.ts). */
export async function startWebPage(deps: WebServerDeps, options: WebServerOptions): Promise<WebServer> {
  const server = new WebServer(deps, options);
  await server.start();
  return server;
}
