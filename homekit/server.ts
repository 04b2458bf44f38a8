// The HAP-over-IP accessory server: connections over hal TcpNetwork, pairing routes, encrypted sessions,
// routing to the accessory database and events, and the mDNS advertisement. Never knows what a thermostat means.
import type { Logger, ServiceAdvertiser, TcpListener, TcpNetwork, TcpSocket, Timers } from "../hal/types";
import type { HttpRequest } from "../lib/http";
import { evictionVictim, ProgressMarks, SOCKET_LIMITS, type SocketLimits } from "../lib/socket-policy";
import { HAP_STATUS } from "./catalog";
import type { HapCrypto } from "./crypto/types";
import type { AccessoryDatabase } from "./database";
import { EventHub } from "./events";
import { CONTENT_TYPE, encodeHapResponse, jsonResponse } from "./hap-http";
import { PairSetup } from "./pairing/pair-setup";
import { PairVerify } from "./pairing/pair-verify";
import { handlePairings } from "./pairing/pairings-tlv";
import { VerifyGate } from "./pairing/verify-gate";
import type { SessionKeys, Yield } from "./pairing/types";
import type { KvPairingStore } from "./pairing-store";
import { handleCharacteristicsGet, handleCharacteristicsPut } from "./server-characteristics";
import { HapConnection, type ConnectionDeps, type RouteResult } from "./server-connection";
import { TimedWrites } from "./server-timed-write";
import { setupHash } from "./setup-uri";
import { PAIR_STATE, TLV, decodeTlv, tlvByte } from "./tlv";
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
  /** Connections held at once (default SOCKET_LIMITS.homekit: 16); a newcomer past it evicts or is refused. */
  maxConnections?: number;
  /** Changes within this window go out as one EVENT message. */
  eventCoalesceMs?: number;
  /** How long one pair-setup attempt owns the slot, from its first M1, whatever it re-sends (default 30 s). */
  pairSetupLimitMs?: number;
  /** Unverified connections silent this long are closed (default 60 s; 0: never). Sessions never time out. */
  unverifiedIdleMs?: number;
  /** The rest of the socket policy (tests shorten the handshake window or the output bounds). */
  socketLimits?: Partial<SocketLimits>;
  /** How often the server re-reads the database to find changes the app made (0: only on refresh()). */
  pollIntervalMs?: number;
}

/** Longer than the pair-setup limit (30 s): a stalled pairing can be taken over first, then its connection goes. */
export const UNVERIFIED_IDLE_MS = SOCKET_LIMITS.homekit.idleMs;

const PROTECTED_PATHS: readonly string[] = Object.freeze(["/accessories", "/characteristics", "/pairings", "/prepare", "/resource"]);

export class HapServer {
  private readonly connections = new Map<number, HapConnection>();
  private readonly events: EventHub;
  private readonly pairSetup: PairSetup;
  /** Pair-verify M1s of every connection take turns here. */
  private readonly verifyGate: VerifyGate;
  private readonly timedWrites: TimedWrites;
  /** Shared by every connection: built per connection, its object and three closures cost ~43 XS slots each. */
  private readonly connectionDeps: ConnectionDeps;
  private readonly yieldFn: Yield;
  private readonly limits: SocketLimits;
  private readonly lastValues = new Map<string, unknown>();
  private listener: TcpListener | undefined;
  private pollTimer: unknown;
  private nextConnectionId = 1;
  /**
   * The c#, settled (and persisted) the first time it is needed: a database swapped in before then (the Switches,
   * attached before start) is the first one counted, so a boot never bumps c# for a tree nobody was shown.
   */
  private configNumberCache: number | undefined;
  /** A PUT /characteristics is being applied: refresh() waits for the write's own, after the answer. */
  private insideWrite = false;
  /** The accessory tree; replaced as a whole when its shape changes (a load added or removed: setDatabase). */
  private database: AccessoryDatabase;

  constructor(private readonly options: HapServerOptions) {
    const timers = options.timers;
    this.yieldFn = () => new Promise<void>((resolve) => void timers.setTimeout(resolve, 0));
    this.timedWrites = new TimedWrites(timers);
    this.verifyGate = new VerifyGate(timers);
    this.limits = Object.freeze({
      ...SOCKET_LIMITS.homekit,
      ...options.socketLimits,
      maxConnections: options.maxConnections ?? options.socketLimits?.maxConnections ?? SOCKET_LIMITS.homekit.maxConnections,
      idleMs: options.unverifiedIdleMs ?? options.socketLimits?.idleMs ?? UNVERIFIED_IDLE_MS,
    });
    this.connectionDeps = {
      crypto: options.crypto,
      timers,
      logger: options.logger,
      eventCoalesceMs: options.eventCoalesceMs ?? 10,
      limits: this.limits,
      marks: new ProgressMarks(),
      route: (c, request) => this.route(c, request),
      takeEvents: (id) => this.events.take(id),
      onClosed: (c) => this.forget(c),
    };
    this.events = new EventHub((sessionId) => this.scheduleEvents(sessionId));
    this.pairSetup = new PairSetup({
      crypto: options.crypto,
      store: options.store,
      yieldFn: this.yieldFn,
      timers,
      attemptLimitMs: options.pairSetupLimitMs,
      logger: options.logger,
    });
    this.database = options.database;
    for (const v of options.database.notifiableValues()) this.lastValues.set(`${v.aid}.${v.iid}`, v.value);
  }

  /** Listen, advertise, and start watching the database for changes. */
  async start(): Promise<void> {
    const { network, port, bind } = this.options;
    this.configNumber();
    this.listener = await network.listen({ port, address: bind }, (socket) => this.accept(socket));
    this.options.advertiser?.advertise({ name: this.options.name, type: "hap", protocol: "tcp", port: this.listener.port, txt: this.txt() });
    const poll = this.options.pollIntervalMs ?? 1000;
    if (poll > 0) this.pollTimer = this.options.timers.setInterval(() => this.refresh(), poll);
    this.options.logger.log("info", "hap: listening", { port: this.listener.port, paired: this.options.store.isPaired(), configNumber: this.configNumber() });
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
      configNumber: this.configNumber(),
      deviceId: identity.deviceId,
      model: this.options.model,
      paired: this.options.store.isPaired(),
      category: this.options.category ?? HAP_CATEGORY_THERMOSTAT,
      setupHash: setupHash(this.options.store.setupId, identity.deviceId, (data) => this.options.crypto.sha512(data)),
    });
  }

  /** Compare every notifiable value with what subscribers last heard, and send what changed (to everyone). */
  refresh(): void {
    if (this.insideWrite) return;
    const changes = [];
    for (const v of this.database.notifiableValues()) {
      const id = `${v.aid}.${v.iid}`;
      if (this.lastValues.get(id) === v.value) continue;
      this.lastValues.set(id, v.value);
      changes.push(v);
    }
    if (changes.length > 0) this.events.publish(changes);
  }

  /**
   * Serve another accessory tree from now on (a switch per load, and the loads changed). Its shape digest decides
   * the c#: a new shape bumps it (persisted) and the TXT record is re-announced, so paired controllers fetch
   * /accessories again; the same shape keeps it. Values that moved on characteristics both trees have go out as
   * events; new ones are read by the controllers with the tree.
   */
  setDatabase(database: AccessoryDatabase): void {
    this.database = database;
    const known = new Map<string, unknown>();
    for (const v of database.notifiableValues()) {
      const id = `${v.aid}.${v.iid}`;
      known.set(id, this.lastValues.has(id) ? this.lastValues.get(id) : v.value);
    }
    this.lastValues.clear();
    for (const [id, value] of known) this.lastValues.set(id, value);
    if (this.configNumberCache !== undefined) {
      const configNumber = this.options.store.configNumber(database.shapeDigest());
      if (configNumber !== this.configNumberCache) {
        this.configNumberCache = configNumber;
        this.options.logger.log("info", "hap: accessory database changed", { configNumber });
        this.options.advertiser?.updateTxt(this.txt());
      }
    }
    this.refresh();
  }

  private configNumber(): number {
    this.configNumberCache ??= this.options.store.configNumber(this.database.shapeDigest());
    return this.configNumberCache;
  }

  /** The pairing store (identity, pairings, c#, the instance ids given to services added at run time). */
  get pairingStore(): KvPairingStore {
    return this.options.store;
  }

  /** The link came back: announce again so controllers find us without waiting for their next query. */
  linkUp(): void {
    this.options.advertiser?.reannounce();
  }

  /** The link went away: sessions are dead (keys stay valid for the next pair-verify), pairings are kept. */
  linkDown(): void {
    for (const connection of this.connections.values()) connection.close("link down");
  }

  async close(): Promise<void> {
    if (this.pollTimer !== undefined) this.options.timers.clear(this.pollTimer);
    this.pollTimer = undefined;
    this.options.advertiser?.stop();
    for (const connection of this.connections.values()) connection.close("server closing");
    this.listener?.close();
    this.listener = undefined;
  }

  private accept(socket: TcpSocket): void {
    if (this.connections.size >= this.limits.maxConnections) {
      // The socket policy's order: the oldest idle unverified connection (a scanner, a stalled pairing, a peer that
      // stopped reading) first; pairing handshakes and requests being answered never; sessions last, above HAP's 8.
      const victim = evictionVictim(this.connections.values(), this.limits);
      if (victim === undefined) {
        this.options.logger.log("warn", "hap: too many connections, refusing one", { remote: socket.remoteAddress });
        socket.close();
        return;
      }
      victim.close("making room for a new connection");
    }
    const connection = new HapConnection(this.nextConnectionId++, socket, this.connectionDeps);
    this.connections.set(connection.id, connection);
  }

  private async route(connection: HapConnection, request: HttpRequest): Promise<RouteResult> {
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
        return { response: jsonResponse(200, this.database.toJson()) };
      case "GET /characteristics":
        return handleCharacteristicsGet(this.database, this.events, connection.id, request);
      case "PUT /characteristics":
        return this.routeCharacteristicsPut(connection, request);
      case "PUT /prepare":
        return { response: this.timedWrites.prepare(connection.id, request) };
      case "POST /pairings":
        return this.routePairings(keys, request);
    }
    const known = path === "/pair-setup" || path === "/pair-verify" || path === "/identify" || PROTECTED_PATHS.indexOf(path) >= 0;
    return { response: encodeHapResponse({ status: known ? 405 : 404 }) };
  }

  private async routePairSetup(connection: HapConnection, request: HttpRequest): Promise<RouteResult> {
    const result = await this.pairSetup.handle(connection.id, request.body);
    const after = result.paired !== undefined ? () => this.pairingStateChanged("paired") : undefined;
    return { response: tlvResponse(result.response), after, handshake: awaitsNextStep(result.response, PAIR_STATE.M6) };
  }

  private async routePairVerify(connection: HapConnection, request: HttpRequest): Promise<RouteResult> {
    // A second pair-verify on an already secured connection is not part of HAP: treat it as a bad request.
    if (connection.keys !== undefined) return { response: encodeHapResponse({ status: 400 }), after: () => connection.close("pair-verify on a session") };
    connection.verify ??= new PairVerify({
      crypto: this.options.crypto, store: this.options.store, yieldFn: this.yieldFn, gate: this.verifyGate,
      peer: { source: connection.remoteAddress, gone: () => connection.closed },
    });
    const result = await connection.verify.handle(request.body);
    // Refused for load: the peer retries on a fresh connection; one that pipelined more M1s loses them all.
    if (result.busy) return { response: tlvResponse(result.response), after: () => connection.close("pair-verify busy") };
    const keys = result.session;
    if (keys === undefined) return { response: tlvResponse(result.response), handshake: awaitsNextStep(result.response, PAIR_STATE.M4) };
    // M4 goes out in plaintext; every byte after it, both ways, is framed and encrypted.
    return {
      response: tlvResponse(result.response),
      after: () => {
        connection.secure(keys);
        this.options.logger.log("info", "hap: session verified", { id: connection.id, controller: keys.controllerId, admin: keys.admin });
      },
    };
  }

  private routeIdentify(): RouteResult {
    if (this.options.store.isPaired()) return { response: jsonResponse(400, { status: HAP_STATUS.InsufficientPrivileges }) };
    this.options.identify?.();
    return { response: encodeHapResponse({ status: 204 }) };
  }

  private routeCharacteristicsPut(connection: HapConnection, request: HttpRequest): RouteResult {
    // A binding that calls refresh() from inside the write (another binding's observer seeing the same Device
    // update) must not tell the writer its own value: refresh waits for the write's own, just below.
    this.insideWrite = true;
    let outcome: ReturnType<typeof handleCharacteristicsPut>;
    try {
      outcome = handleCharacteristicsPut(this.database, this.events, connection.id, request, (pid) => this.timedWrites.take(connection.id, pid));
    } finally {
      this.insideWrite = false;
    }
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
          if (connection.keys !== undefined && (result.unpaired || removed.indexOf(connection.keys.controllerId) >= 0)) connection.close("pairing removed");
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
    this.connections.get(sessionId)?.scheduleEvents();
  }

  private forget(connection: HapConnection): void {
    if (!this.connections.delete(connection.id)) return;
    this.events.dropSession(connection.id);
    this.timedWrites.drop(connection.id);
    this.pairSetup.connectionClosed(connection.id);
  }
}

/** A pairing step answered without an error and before the exchange's last state: the peer's next step is awaited. */
function awaitsNextStep(tlv: Uint8Array, lastState: number): boolean {
  const items = decodeTlv(tlv).items;
  return tlvByte(items, TLV.Error) === undefined && tlvByte(items, TLV.State) !== lastState;
}

function tlvResponse(body: Uint8Array): Uint8Array {
  return encodeHapResponse({ status: 200, headers: { "Content-Type": CONTENT_TYPE.tlv8 }, body });
}
