// Non-reading clients against the HomeKit connection and the one-request exchange, over fake sockets whose queue never
// drains (a peer that never reads, as hal/moddable queues for it). Written once, run by jest and on XS (heap measured).
import type { TcpListener, TcpNetwork, TcpSocket } from "../../hal/types";
import { thermostatDatabase } from "../../homekit/accessory";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer } from "../../homekit/server";
import { utf8Encode } from "../../lib/bytes";
import { inboundLimitBytes, SOCKET_LIMITS } from "../../lib/socket-policy";
import { WebServer } from "../../src/web/server";
import { CODE, crypto, type Check } from "../homekit/server-scenarios";
import { FakeBinding, TEST_INFO } from "../homekit/support/fake-binding";
import { drain } from "../homekit/support/memory-network";
import { MemoryStore } from "../homekit/support/memory-store";
import { VirtualTimers } from "../homekit/support/virtual-timers";
import { webFixture } from "../web/web-fixture";
import { PacedSocket } from "./paced-socket";

/** A socket whose network never takes a byte: every write stays queued, as hal/moddable keeps it for lwIP. */
export class StuckSocket implements TcpSocket {
  readonly remoteAddress = "192.168.1.66";
  readonly remotePort = 40000;
  closed = false;
  private readonly queue: Uint8Array[] = [];
  private dataHandler: ((bytes: Uint8Array) => void) | undefined;
  private closeHandlers: (() => void)[] = [];

  get queuedBytes(): number {
    let bytes = 0;
    for (const part of this.queue) bytes += part.length;
    return bytes;
  }

  write(bytes: Uint8Array): void {
    if (!this.closed) this.queue.push(bytes.slice());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0; // as hal/moddable's finish(): what waited is dropped
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    this.dataHandler = undefined;
    for (const handler of handlers) handler();
  }

  onData(handler: (bytes: Uint8Array) => void): void {
    this.dataHandler = handler;
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  /** Told when the queue drains: never, here. */
  onDrain(_handler: () => void): void {}

  /** The peer's bytes arrive, unless the server paused reading (then the TCP window is closed: nothing arrives). */
  deliver(bytes: Uint8Array): boolean {
    if (this.closed || this.isPaused()) return false;
    this.dataHandler?.(bytes);
    return true;
  }

  isPaused(): boolean {
    return false;
  }
}

/** The same socket with flow control (hal/node and hal/moddable have it). */
export class PausableStuckSocket extends StuckSocket {
  paused = false;
  pauses = 0;
  pause(): void {
    this.paused = true;
    this.pauses++;
  }
  resume(): void {
    this.paused = false;
  }
  override isPaused(): boolean {
    return this.paused;
  }
}

/** A TcpNetwork the test hands sockets to. */
class InjectNetwork implements TcpNetwork {
  private onConnection: ((socket: TcpSocket) => void) | undefined;
  listen(_options: unknown, onConnection: (socket: TcpSocket) => void): Promise<TcpListener> {
    this.onConnection = onConnection;
    return Promise.resolve({ port: 51826, close: () => (this.onConnection = undefined) });
  }
  accept(socket: TcpSocket): void {
    this.onConnection?.(socket);
  }
}

const silent = { log: () => undefined };
/** One lwIP segment's worth of `GET /accessories` requests (36 bytes each, 39 per 1436-byte segment). */
const REQUEST = "GET /accessories HTTP/1.1\r\nHost: b\r\n\r\n";
const SEGMENT = utf8Encode(REQUEST.repeat(Math.floor(1436 / REQUEST.length)));
const PER_SEGMENT = Math.floor(1436 / REQUEST.length);
/** "N thousand requests": what the non-reading pipeliner tries to send. */
export const ATTACK_REQUESTS = 5000;

/** Push up to ATTACK_REQUESTS requests while the socket takes them; how many it took. */
async function pipeline(socket: StuckSocket): Promise<number> {
  let delivered = 0;
  for (let tried = 0; tried < ATTACK_REQUESTS; tried += PER_SEGMENT) {
    if (!socket.deliver(SEGMENT)) break;
    delivered += PER_SEGMENT;
    await drain(20); // the server answers what it chose to take (its yields are microtasks on virtual timers)
  }
  await drain(50);
  return delivered;
}

export interface HomeKitRig {
  server: HapServer;
  network: InjectNetwork;
  timers: VirtualTimers;
}

export async function homeKitRig(): Promise<HomeKitRig> {
  const network = new InjectNetwork();
  const timers = new VirtualTimers();
  const store = new KvPairingStore({ store: new MemoryStore(), crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const server = new HapServer({
    network, timers, logger: silent, crypto, store, database: thermostatDatabase(TEST_INFO, new FakeBinding()),
    name: "Bounds", model: "DL-1", port: 0, pollIntervalMs: 0,
  });
  await server.start();
  return { server, network, timers };
}

export interface WebRig {
  server: WebServer;
  network: InjectNetwork;
  timers: VirtualTimers;
}

export async function webRig(): Promise<WebRig> {
  const network = new InjectNetwork();
  const timers = new VirtualTimers();
  let n = 0;
  const f = webFixture();
  const server = new WebServer(
    { tcp: network, timers, random: { fill: (b) => b.fill(++n) }, logger: silent, box: f.box, store: f.store, clock: f.time },
    { port: 0 },
  );
  await server.start();
  return { server, network, timers };
}

/** Requests a web attacker sends on each connection (one is answered; the rest must wait in its TCP window). */
const WEB_REQUESTS_PER_CONNECTION = 10;
export const WEB_ATTACK_CONNECTIONS = Math.ceil(ATTACK_REQUESTS / WEB_REQUESTS_PER_CONNECTION);

/** Live XS heap a case may leave, after a collection (xsnap 64-bit: 32-byte slots; 16 bytes on an ESP32). */
export interface HeapBound {
  chunks: number;
  slots: number;
}

export interface BoundsCase {
  name: string;
  heapBound: HeapBound;
  /** Sets up the server, attacks, checks; `between` is called once the server is up and once the attack is over. */
  run(check: Check, between: () => void): Promise<void>;
}

export const BOUNDS_CASES: BoundsCase[] = [
  {
    name: "HomeKit, a socket that pauses: the server stops reading and answering; the rest waits in the peer's window",
    /** The 2 KB pause mark, one segment in the parser, 4 parsed requests and the connection: one attacker's worth. */
    heapBound: { chunks: 24 * 1024, slots: 800 },
    async run(check, between) {
      const r = await homeKitRig();
      between();
      const socket = new PausableStuckSocket();
      r.network.accept(socket);
      const delivered = await pipeline(socket);
      between();
      check.ok(socket.paused && socket.pauses > 0, "reading paused");
      check.ok(!socket.closed, "not closed: a peer that pauses is only slow, until its idle time");
      check.ok(delivered < ATTACK_REQUESTS / 10, `took a few segments only (${delivered} requests)`);
      check.ok(socket.queuedBytes < SOCKET_LIMITS.homekit.outputPauseBytes + 200, `queued ${socket.queuedBytes} B, under the pause mark plus one answer`);
      r.timers.advance(SOCKET_LIMITS.homekit.idleMs);
      await drain(20);
      check.ok(socket.closed, "closed at the unverified idle time: no progress since it stopped reading");
      check.equal(r.server.connectionCount, 0, "and forgotten");
      await r.server.close();
    },
  },
  {
    name: "HomeKit, a socket that cannot pause: closed once it pushes past one largest request unparsed",
    /** Closed: nothing of it may stay. */
    heapBound: { chunks: 4 * 1024, slots: 100 },
    async run(check, between) {
      const r = await homeKitRig();
      between();
      const socket = new StuckSocket();
      r.network.accept(socket);
      const delivered = await pipeline(socket);
      between();
      check.ok(socket.closed, "closed");
      check.ok(delivered * REQUEST.length < SOCKET_LIMITS.homekit.outputPauseBytes + inboundLimitBytes(SOCKET_LIMITS.homekit) + 2 * SEGMENT.length, `closed after ${delivered} requests`);
      check.equal(r.server.connectionCount, 0, "forgotten");
      await r.server.close();
    },
  },
  {
    name: `web page: ${WEB_ATTACK_CONNECTIONS} non-reading connections pipelining ${WEB_REQUESTS_PER_CONNECTION} requests each; a visitor is still answered`,
    /** The 6 places, each with a stalled answer (2 KB queued, the rest of a ~3 KB JSON body), and the test's 12 fakes. */
    heapBound: { chunks: 48 * 1024, slots: 2400 },
    async run(check, between) {
      const r = await webRig();
      between();
      const batch = utf8Encode(`GET /api/status HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n`.repeat(WEB_REQUESTS_PER_CONNECTION));
      const sockets: PausableStuckSocket[] = [];
      for (let i = 0; i < WEB_ATTACK_CONNECTIONS; i++) {
        const socket = new PausableStuckSocket();
        r.network.accept(socket);
        socket.deliver(batch);
        sockets.push(socket);
        if (sockets.length > SOCKET_LIMITS.web.maxConnections * 2) sockets.shift(); // the test keeps only the latest
        await drain(5);
      }
      between();
      check.equal(r.server.stats.requests, WEB_ATTACK_CONNECTIONS, "each attacker connection had its one request answered");
      check.ok(r.server.stats.evictedConnections >= WEB_ATTACK_CONNECTIONS - SOCKET_LIMITS.web.maxConnections, "answered, stalled ones evicted for newcomers");
      let open = 0;
      for (const s of sockets) if (!s.closed) open++;
      check.ok(open <= SOCKET_LIMITS.web.maxConnections, `at most ${SOCKET_LIMITS.web.maxConnections} held (${open})`);
      const visitor = new PacedSocket();
      r.network.accept(visitor);
      visitor.send("GET /api/status HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n");
      await drain(20);
      visitor.drainAll();
      check.ok(/^HTTP\/1\.1 200 /.test(visitor.response().head), "the visitor gets its 200");
      r.server.close();
    },
  },
];
