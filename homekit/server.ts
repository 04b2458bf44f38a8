// The HAP-over-IP accessory server: connections over hal TcpNetwork, pairing routes, encrypted sessions,
// routing to the accessory database and events, and the mDNS advertisement. Never knows what a thermostat means.
import type { Logger, ServiceAdvertiser, TcpListener, TcpNetwork, TcpSocket, Timers } from "../hal/types";
import { HAP_STATUS } from "./catalog";
import type { HapCrypto } from "./crypto/types";
import type { AccessoryDatabase } from "./database";
import { encodeEventMessage, EventHub } from "./events";
import { CONTENT_TYPE, encodeResponse, HttpRequestParser, jsonResponse, type HttpRequest } from "./http";
import { PairSetup } from "./pairing/pair-setup";
import { PairVerify } from "./pairing/pair-verify";
import { handlePairings } from "./pairing/pairings-tlv";
import type { SessionKeys, Yield } from "./pairing/types";
import type { KvPairingStore } from "./pairing-store";
import { handleCharacteristicsGet, handleCharacteristicsPut } from "./server-characteristics";
import { SecureSession } from "./session";
import { setupHash } from "./setup-uri";
import { HAP_CATEGORY_THERMOSTAT, hapTxtRecord } from "./txt";

export interface HapServerOptions {
  network: TcpNetwork;
  timers: Timers;
  logger: Logger;
  crypto: HapCrypto;
  store: KvPairingStore;
  database: AccessoryDatabase;
  /** mDNS instance name, shown by the Home app while pairing. */
  name: string;
  /** TXT `md`. */
  model: string;
  port: number;
  bind?: string;
  advertiser?: ServiceAdvertiser;
  category?: number;
  /** POST /identify while unpaired. */
  identify?: () => void;
  /** HAP asks for ≥8 simultaneous sessions; connections beyond this are closed at once. */
  maxConnections?: number;
  /** Changes within this window go out as one EVENT message. */
  eventCoalesceMs?: number;
  /** How often the server re-reads the database to find changes the app made (0: only on refresh()). */
  pollIntervalMs?: number;
}

/** What one routed request produced: bytes to send, and work to do right after they are sent. */
export interface RouteResult {
  response: Uint8Array;
  after?: () => void;
}

interface Connection {
  id: number;
  socket: TcpSocket;
  parser: HttpRequestParser;
  queue: HttpRequest[];
  processing: boolean;
  closed: boolean;
  /** A framing or decryption error: answered (if possible) and closed once the queue drains. */
  fatal?: string;
  verify?: PairVerify;
  session?: SecureSession;
  keys?: SessionKeys;
  eventTimer?: unknown;
}

const PROTECTED_PATHS: readonly string[] = Object.freeze(["/accessories", "/characteristics", "/pairings", "/prepare", "/resource"]);

export class HapServer {
  private readonly connections = new Map<number, Connection>();
  private readonly events: EventHub;
  private readonly pairSetup: PairSetup;
  private readonly yieldFn: Yield;
  private readonly lastValues = new Map<string, unknown>();
  private listener: TcpListener | undefined;
  private pollTimer: unknown;
  private nextConnectionId = 1;
  private configNumber: number;

  constructor(private readonly options: HapServerOptions) {
    const timers = options.timers;
    this.yieldFn = () => new Promise<void>((resolve) => void timers.setTimeout(resolve, 0));
    this.events = new EventHub((sessionId) => this.scheduleEvents(sessionId));
    this.pairSetup = new PairSetup({ crypto: options.crypto, store: options.store, yieldFn: this.yieldFn });
    this.configNumber = options.store.configNumber(options.database.shapeDigest());
    for (const v of options.database.notifiableValues()) this.lastValues.set(`${v.aid}.${v.iid}`, v.value);
  }

  /** Listen, advertise, and start watching the database for changes. */
  async start(): Promise<void> {
    const { network, port, bind } = this.options;
    this.listener = await network.listen({ port, address: bind }, (socket) => this.accept(socket));
    this.options.advertiser?.advertise({ name: this.options.name, type: "hap", protocol: "tcp", port: this.listener.port, txt: this.txt() });
    const poll = this.options.pollIntervalMs ?? 1000;
    if (poll > 0) this.pollTimer = this.options.timers.setInterval(() => this.refresh(), poll);
    this.options.logger.log("info", "hap: listening", { port: this.listener.port, paired: this.options.store.isPaired(), configNumber: this.configNumber });
  }

  get port(): number {
    return this.listener?.port ?? 0;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  txt(): Record<string, string> {
    const identity = this.options.store.identity();
    return hapTxtRecord({
      configNumber: this.configNumber,
      deviceId: identity.deviceId,
      model: this.options.model,
      paired: this.options.store.isPaired(),
      category: this.options.category ?? HAP_CATEGORY_THERMOSTAT,
      setupHash: setupHash(this.options.store.setupId, identity.deviceId, (data) => this.options.crypto.sha512(data)),
    });
  }

  /** Compare every notifiable value with what subscribers last heard, and send what changed (to everyone). */
  refresh(): void {
    const changes = [];
    for (const v of this.options.database.notifiableValues()) {
      const id = `${v.aid}.${v.iid}`;
      if (this.lastValues.get(id) === v.value) continue;
      this.lastValues.set(id, v.value);
      changes.push(v);
    }
    if (changes.length > 0) this.events.publish(changes);
  }

  /** The link came back: announce again so controllers find us without waiting for their next query. */
  linkUp(): void {
    this.options.advertiser?.reannounce();
  }

  /** The link went away: sessions are dead (keys stay valid for the next pair-verify), pairings are kept. */
  linkDown(): void {
    for (const connection of this.connections.values()) this.drop(connection, "link down");
  }

  async close(): Promise<void> {
    if (this.pollTimer !== undefined) this.options.timers.clear(this.pollTimer);
    this.pollTimer = undefined;
    this.options.advertiser?.stop();
    for (const connection of this.connections.values()) this.drop(connection, "server closing");
    this.listener?.close();
    this.listener = undefined;
  }

  private accept(socket: TcpSocket): void {
    const max = this.options.maxConnections ?? 16;
    if (this.connections.size >= max) {
      // Verified sessions are the Home hubs and phones that matter: make room by dropping the oldest idle
      // connection that never verified (a scanner, a stalled pairing) before refusing anyone.
      let idle: Connection | undefined;
      for (const c of this.connections.values()) if (c.keys === undefined && !c.processing) idle ??= c;
      if (idle === undefined) {
        this.options.logger.log("warn", "hap: too many connections, refusing one", { remote: socket.remoteAddress });
        socket.close();
        return;
      }
      this.drop(idle, "making room for a new connection");
    }
    const connection: Connection = { id: this.nextConnectionId++, socket, parser: new HttpRequestParser(), queue: [], processing: false, closed: false };
    this.connections.set(connection.id, connection);
    socket.onData((bytes) => this.receive(connection, bytes));
    socket.onClose(() => this.forget(connection));
  }

  private receive(connection: Connection, bytes: Uint8Array): void {
    if (connection.closed || connection.fatal !== undefined) return;
    let chunks: Uint8Array[] = [bytes];
    if (connection.session !== undefined) {
      const opened = connection.session.decrypt(bytes);
      chunks = opened.plain;
      if (opened.error !== undefined) {
        // A bad frame means the stream is out of sync or forged: nothing after it can be trusted.
        this.drop(connection, `bad frame: ${opened.error}`);
        return;
      }
    }
    for (const chunk of chunks) {
      const parsed = connection.parser.push(chunk);
      connection.queue.push(...parsed.requests);
      if (parsed.error !== undefined) {
        connection.fatal = parsed.error;
        break;
      }
    }
    void this.pump(connection);
  }

  /** Requests on one connection are answered strictly in order, one at a time (pipelining). */
  private async pump(connection: Connection): Promise<void> {
    if (connection.processing) return;
    connection.processing = true;
    while (connection.queue.length > 0 && !connection.closed) {
      const request = connection.queue.shift() as HttpRequest;
      let result: RouteResult;
      try {
        result = await this.route(connection, request);
      } catch (error) {
        this.options.logger.log("error", "hap: handler failed", { path: request.path, error: String(error) });
        result = { response: jsonResponse(500, { status: HAP_STATUS.ServiceCommunicationFailure }) };
      }
      if (connection.closed) break;
      this.send(connection, result.response);
      result.after?.();
    }
    connection.processing = false;
    if (connection.closed) return;
    if (connection.fatal !== undefined) {
      this.options.logger.log("warn", "hap: bad request, closing connection", { id: connection.id, reason: connection.fatal });
      this.send(connection, jsonResponse(400, { status: HAP_STATUS.InvalidValue }));
      this.drop(connection, connection.fatal);
      return;
    }
    this.flushEvents(connection);
  }

  private send(connection: Connection, bytes: Uint8Array): void {
    if (connection.closed) return;
    connection.socket.write(connection.session !== undefined ? connection.session.encrypt(bytes) : bytes);
  }

  private async route(connection: Connection, request: HttpRequest): Promise<RouteResult> {
    const { method, path } = request;
    if (PROTECTED_PATHS.indexOf(path) >= 0 && connection.keys === undefined) {
      return { response: jsonResponse(470, { status: HAP_STATUS.InsufficientPrivileges }) };
    }
    const keys = connection.keys as SessionKeys;
    switch (`${method} ${path}`) {
      case "POST /pair-setup":
        return this.routePairSetup(connection, request);
      case "POST /pair-verify":
        return this.routePairVerify(connection, request);
      case "POST /identify":
        return this.routeIdentify();
      case "GET /accessories":
        return { response: jsonResponse(200, this.options.database.toJson()) };
      case "GET /characteristics":
        return handleCharacteristicsGet(this.options.database, this.events, connection.id, request);
      case "PUT /characteristics":
        return this.routeCharacteristicsPut(connection, request);
      case "POST /pairings":
        return this.routePairings(keys, request);
    }
    const known = path === "/pair-setup" || path === "/pair-verify" || path === "/identify" || PROTECTED_PATHS.indexOf(path) >= 0;
    return { response: encodeResponse({ status: known ? 405 : 404 }) };
  }

  private async routePairSetup(connection: Connection, request: HttpRequest): Promise<RouteResult> {
    const result = await this.pairSetup.handle(connection.id, request.body);
    const after = result.paired !== undefined ? () => this.pairingStateChanged("paired") : undefined;
    return { response: tlvResponse(result.response), after };
  }

  private async routePairVerify(connection: Connection, request: HttpRequest): Promise<RouteResult> {
    // A second pair-verify on an already secured connection is not part of HAP: treat it as a bad request.
    if (connection.session !== undefined) return { response: encodeResponse({ status: 400 }), after: () => this.drop(connection, "pair-verify on a session") };
    connection.verify ??= new PairVerify({ crypto: this.options.crypto, store: this.options.store, yieldFn: this.yieldFn });
    const result = await connection.verify.handle(request.body);
    const keys = result.session;
    if (keys === undefined) return { response: tlvResponse(result.response) };
    // M4 goes out in plaintext; every byte after it, both ways, is framed and encrypted.
    return {
      response: tlvResponse(result.response),
      after: () => {
        connection.session = new SecureSession(this.options.crypto, keys);
        connection.keys = keys;
        connection.verify = undefined;
        this.options.logger.log("info", "hap: session verified", { id: connection.id, controller: keys.controllerId, admin: keys.admin });
      },
    };
  }

  private routeIdentify(): RouteResult {
    if (this.options.store.isPaired()) return { response: jsonResponse(400, { status: HAP_STATUS.InsufficientPrivileges }) };
    this.options.identify?.();
    return { response: encodeResponse({ status: 204 }) };
  }

  private routeCharacteristicsPut(connection: Connection, request: HttpRequest): RouteResult {
    const outcome = handleCharacteristicsPut(this.options.database, this.events, connection.id, request);
    return {
      response: outcome.response,
      after: () => {
        // The writer knows the value it wrote; others learn it. A value the app changed (HEAT refused → AUTO)
        // is news to everyone, the writer included: that is what flips its Home app tile back.
        for (const change of outcome.changes) {
          const id = `${change.aid}.${change.iid}`;
          const unchanged = this.lastValues.get(id) === change.value;
          this.lastValues.set(id, change.value);
          if (change.corrected) this.events.publish([change]);
          else if (!unchanged) this.events.publish([change], connection.id);
        }
        this.refresh();
      },
    };
  }

  private routePairings(keys: SessionKeys, request: HttpRequest): RouteResult {
    const result = handlePairings({ store: this.options.store }, keys, request.body);
    const removed = result.removedIds ?? [];
    if (removed.length === 0 && !result.unpaired) return { response: tlvResponse(result.response) };
    return {
      response: tlvResponse(result.response),
      after: () => {
        // Sessions of removed controllers end after the reply (the remover may be one of them).
        for (const connection of this.connections.values()) {
          if (connection.keys !== undefined && (result.unpaired || removed.indexOf(connection.keys.controllerId) >= 0)) this.drop(connection, "pairing removed");
        }
        if (result.unpaired) {
          this.options.store.removeAll();
          this.pairingStateChanged("unpaired");
        }
      },
    };
  }

  private pairingStateChanged(state: "paired" | "unpaired"): void {
    this.options.logger.log("info", `hap: ${state}`, { pairings: this.options.store.list().length });
    this.options.advertiser?.updateTxt(this.txt());
  }

  private scheduleEvents(sessionId: number): void {
    const connection = this.connections.get(sessionId);
    if (connection === undefined || connection.eventTimer !== undefined) return;
    connection.eventTimer = this.options.timers.setTimeout(() => {
      connection.eventTimer = undefined;
      this.flushEvents(connection);
    }, this.options.eventCoalesceMs ?? 10);
  }

  /** Events are written only between responses: never in the middle of one, never ahead of a queued request. */
  private flushEvents(connection: Connection): void {
    if (connection.closed || connection.processing || connection.queue.length > 0 || connection.session === undefined) return;
    if (connection.eventTimer !== undefined) return;
    const events = this.events.take(connection.id);
    if (events.length > 0) this.send(connection, encodeEventMessage(events));
  }

  private drop(connection: Connection, reason: string): void {
    if (connection.closed) return;
    connection.closed = true;
    this.options.logger.log("debug", "hap: closing connection", { id: connection.id, reason });
    connection.socket.close();
    this.forget(connection);
  }

  private forget(connection: Connection): void {
    connection.closed = true;
    if (!this.connections.has(connection.id)) return;
    this.connections.delete(connection.id);
    if (connection.eventTimer !== undefined) this.options.timers.clear(connection.eventTimer);
    this.events.dropSession(connection.id);
    this.pairSetup.connectionClosed(connection.id);
  }
}

function tlvResponse(body: Uint8Array): Uint8Array {
  return encodeResponse({ status: 200, headers: { "Content-Type": CONTENT_TYPE.tlv8 }, body });
}
