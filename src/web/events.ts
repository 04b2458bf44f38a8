// The API's push events: Server-Sent Events derived from the one publish path (facts + snapshot), kept in a bounded
// ring so a client resumes with Last-Event-ID. Never buffers for a slow reader (it is dropped) and never reads a clock.

import type { TcpSocket, TimerHandle, Timers } from "../../hal/types";
import { utf8Encode } from "../../lib/bytes";
import { resumeReading, SOCKET_LIMITS, type SocketLimits } from "../../lib/socket-policy";
import type { ControllerSnapshot, Effect, LoadSnapshot } from "../app/types";
import type { Update } from "../publish/publisher";
import { jsonText } from "../../lib/json";

export const EVENTS = Object.freeze({
  /**
   * Recent events kept for Last-Event-ID. One transition emits at most ~2 per load (10 loads) plus tariff, mode and
   * power: 32 cover a full one and a few quiet ones — a client back within seconds misses nothing. Events are ~200–
   * 400 B, so the ring holds ≤ ~12 KB of strings on the chip. An older id gets a `Reset` event: re-read the state.
   */
  ringSize: 32,
  /** A comment this often: proxies and browsers keep the stream, and a dead peer shows as a failed write. */
  keepAliveMs: 15_000,
  /** What EventSource waits before reconnecting (sent once per stream). */
  retryMs: 5_000,
});

export type EventName = "ManagedLoadChanged" | "TotalAvailablePowerChanged" | "HeatPumpStateChanged" | "DHWStateChanged" | "TariffChanged" | "ModeChanged" | "Reset";

/** One event as sent: its id, its name and its JSON data, already in wire form. */
interface StreamEvent {
  id: number;
  /** Kept as text: a string costs fewer slots than a Uint8Array and its buffer (12.4 KB against 15.9 KB for 32). */
  wire: string;
}

export interface EventStreamStats {
  clients: number;
  accepted: number;
  refused: number;
  /** Readers dropped because their queued output passed the policy's close mark. */
  dropped: number;
  sent: number;
}

/** SG-Ready's numbered states (DOMAIN §3). */
const SG_STATE: Readonly<Record<string, number>> = Object.freeze({ "sg-lock": 1, "sg-normal": 2, "sg-recommended": 3, "sg-forced": 4 });

export function sgStateOf(order: string | undefined): number | null {
  return order !== undefined && SG_STATE[order] !== undefined ? SG_STATE[order] : null;
}

/** What a load is asking the budget for: its power while it runs or waits for power, nothing while a rule holds it off. */
export function requestedWOf(l: LoadSnapshot, forcedW: number | undefined): number {
  if (forcedW !== undefined) return forcedW;
  return l.on || l.reason === "budget" || l.reason === "rotation" ? l.nominalPowerW : 0;
}

/** The managed-load entry of the API and of ManagedLoadChanged. */
export function managedLoadJson(l: LoadSnapshot, snapshot: ControllerSnapshot): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    kind: l.kind,
    priority: l.priority,
    requestedW: requestedWOf(l, snapshot.manager.forcedPowerW[l.id]),
    allocatedW: l.on ? l.allocatedW : 0,
    state: l.order ?? l.level,
    on: l.on,
    reason: l.reason,
    detail: l.detail,
    override: l.override,
  };
}

/** A comment line: EventSource ignores it; it only keeps the connection (and tells a dead peer by a failed write). */
const KEEP_ALIVE = utf8Encode(": keep-alive\n\n");

class Client {
  keepAlive: TimerHandle | null = null;
  constructor(readonly socket: TcpSocket) {}
}

/** The event stream: the ring, the clients, and the events each publish update gives. */
export class EventStream {
  readonly stats: EventStreamStats = { clients: 0, accepted: 0, refused: 0, dropped: 0, sent: 0 };
  private readonly ring: StreamEvent[] = [];
  private readonly clients: Client[] = [];
  private nextId = 1;
  private lastAvailable: string | null = null;
  private lastPriorities: Record<string, number> = {};

  constructor(
    private readonly timers: Timers,
    private readonly limits: SocketLimits = SOCKET_LIMITS.events,
  ) {}

  get maxClients(): number {
    return this.limits.maxConnections;
  }

  get clientCount(): number {
    return this.clients.length;
  }

  /** True when a newcomer would be refused (the route answers 429 instead of adopting it). */
  full(): boolean {
    return this.clients.length >= this.limits.maxConnections;
  }

  /** The publish path's observer: every update's facts (and what changed in its snapshot) become events. */
  observe(update: Update): void {
    const facts = update.facts;
    const snapshot = update.snapshot();
    for (let i = 0; i < facts.length; i++) this.fromFact(facts[i], snapshot);
    const available = `${snapshot.manager.availablePowerW}/${snapshot.manager.availableSource}`;
    if (available !== this.lastAvailable) {
      if (this.lastAvailable !== null) this.emit("TotalAvailablePowerChanged", { totalAvailablePowerW: snapshot.manager.availablePowerW, source: snapshot.manager.availableSource });
      this.lastAvailable = available;
    }
    // A priority is a setting: no load fact tells it when the decision stays the same.
    for (let i = 0; i < snapshot.loads.length; i++) {
      const l = snapshot.loads[i];
      const was = this.lastPriorities[l.id];
      if (was !== undefined && was !== l.priority && !factFor(facts, l.id)) this.emit("ManagedLoadChanged", managedLoadJson(l, snapshot));
      this.lastPriorities[l.id] = l.priority;
    }
  }

  private fromFact(fact: Effect, snapshot: ControllerSnapshot): void {
    if (fact.type === "load") {
      const l = loadOf(snapshot, fact.id);
      if (l === undefined) return;
      this.emit("ManagedLoadChanged", managedLoadJson(l, snapshot));
      if (l.kind === "sg-ready") this.emit("HeatPumpStateChanged", { id: l.id, sgState: sgStateOf(l.order), state: l.order ?? null, on: l.on, reason: l.reason, detail: l.detail });
      if (l.kind === "water-heater") this.emit("DHWStateChanged", { id: l.id, on: l.on, reason: l.reason, detail: l.detail, ...tankOf(snapshot, l.id) });
    } else if (fact.type === "tank") {
      const l = loadOf(snapshot, fact.id);
      const body = { id: fact.id, on: l?.on ?? false, reason: l?.reason ?? null, detail: l?.detail ?? "", ...tankOf(snapshot, fact.id) };
      this.emit(l?.kind === "sg-ready" ? "HeatPumpStateChanged" : "DHWStateChanged", l?.kind === "sg-ready" ? { ...body, sgState: sgStateOf(l.order), state: l.order ?? null } : body);
    } else if (fact.type === "tariff") {
      this.emit("TariffChanged", { colour: fact.colour, period: fact.period, tomorrow: fact.tomorrow, source: fact.source });
    } else if (fact.type === "mode") {
      this.emit("ModeChanged", { mode: fact.mode, reason: fact.reason });
    }
  }

  /** Number, keep and send one event. */
  emit(name: EventName, data: Record<string, unknown>): void {
    const id = this.nextId++;
    const event: StreamEvent = { id, wire: `id: ${id}\nevent: ${name}\ndata: ${jsonText(data)}\n\n` };
    if (this.ring.length >= EVENTS.ringSize) this.ring.shift();
    this.ring.push(event);
    if (this.clients.length === 0) return;
    // Encoded once for every client (the socket copies what it is given).
    const bytes = utf8Encode(event.wire);
    for (let i = this.clients.length - 1; i >= 0; i--) this.send(this.clients[i], bytes);
  }

  /**
   * A GET /api/events that passed the Host check and the owner's credentials: the stream takes its socket. Replays
   * the ring after `lastEventId`, or a `Reset` when that id has left it. False (nothing written) when full.
   */
  attach(socket: TcpSocket, lastEventId: string | undefined): boolean {
    if (this.full()) {
      this.stats.refused++;
      return false;
    }
    const client = new Client(socket);
    this.clients.push(client);
    this.stats.accepted++;
    this.stats.clients = this.clients.length;
    socket.onClose(() => this.forget(client));
    // The request was read with reading paused; read again (and ignore) so a peer's close is seen at once, not at the
    // next keep-alive. Nothing read is kept: a stream's peer has nothing more to say.
    resumeReading(socket);
    const head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n" +
      `retry: ${EVENTS.retryMs}\n\n`;
    if (!this.send(client, utf8Encode(head))) return true;
    const last = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : null;
    if (last !== null && last < this.nextId - 1) {
      const oldest = this.ring.length > 0 ? this.ring[0].id : this.nextId;
      if (last + 1 < oldest) {
        this.send(client, utf8Encode(`event: Reset\ndata: ${JSON.stringify({ reason: "events since that id are gone: read the state again", oldestId: oldest })}\n\n`));
      } else {
        for (let i = 0; i < this.ring.length; i++) if (this.ring[i].id > last && !this.send(client, utf8Encode(this.ring[i].wire))) return true;
      }
    }
    this.armKeepAlive(client);
    return true;
  }

  /** Close every stream (the server closes). */
  close(): void {
    for (const client of this.clients.slice()) this.drop(client, false);
  }

  private armKeepAlive(client: Client): void {
    client.keepAlive = this.timers.setInterval(() => this.send(client, KEEP_ALIVE), EVENTS.keepAliveMs);
  }

  /**
   * Write, unless this reader already holds more than the close mark: then it is dropped (false), never buffered. So
   * a stream holds at most the mark plus one event; a reader that keeps up (an empty queue) takes any event.
   */
  private send(client: Client, bytes: Uint8Array): boolean {
    if ((client.socket.queuedBytes ?? 0) > this.limits.outputCloseBytes) {
      this.drop(client, true);
      return false;
    }
    try {
      client.socket.write(bytes);
    } catch {
      this.drop(client, false);
      return false;
    }
    this.stats.sent++;
    return true;
  }

  private drop(client: Client, slow: boolean): void {
    if (slow) this.stats.dropped++;
    this.forget(client);
    client.socket.close();
  }

  private forget(client: Client): void {
    const i = this.clients.indexOf(client);
    if (i < 0) return;
    this.clients.splice(i, 1);
    if (client.keepAlive !== null) this.timers.clear(client.keepAlive);
    client.keepAlive = null;
    this.stats.clients = this.clients.length;
  }
}

function factFor(facts: readonly Effect[], id: string): boolean {
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i];
    if (f.type === "load" && f.id === id) return true;
  }
  return false;
}

function loadOf(snapshot: ControllerSnapshot, id: string): LoadSnapshot | undefined {
  for (let i = 0; i < snapshot.loads.length; i++) if (snapshot.loads[i].id === id) return snapshot.loads[i];
  return undefined;
}

function tankOf(snapshot: ControllerSnapshot, id: string): Record<string, unknown> {
  const tanks = snapshot.manager.tanks;
  for (let i = 0; i < tanks.length; i++) {
    const t = tanks[i];
    if (t.id === id) return { temperatureC: t.temperatureC, boostUntilMs: t.boostUntilMs, legionellaRunning: t.legionellaRunning, legionellaDoneMs: t.legionellaDoneMs, want: t.want, plan: t.detail };
  }
  return {};
}
