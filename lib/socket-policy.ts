// The one policy every socket server of the box follows (HomeKit, web page, portal, the API's event stream; MQTT):
// named limits per server, output and input bounds per connection, and fair eviction when full. Never reads a clock.
import type { TcpSocket } from "../hal/types";

/** What one server allows each connection, and how many connections it holds. */
export interface SocketLimits {
  /** Connections held at once; a newcomer past it evicts the fairest victim, or is refused. */
  readonly maxConnections: number;
  /** Verified sessions kept whatever newcomers arrive (0: the server has no sessions). */
  readonly keptSessions: number;
  /** A request head larger than this is refused and its connection closed. */
  readonly maxHeaderBytes: number;
  /** A request body larger than this is refused and its connection closed. */
  readonly maxBodyBytes: number;
  /** Requests parsed and not yet answered, per connection; at the limit the server stops reading. */
  readonly maxPipelined: number;
  /** Output queued in the socket past which the server stops answering (and reading) until it drains. */
  readonly outputPauseBytes: number;
  /** Output queued past which the connection is closed: a peer that never reads, on a socket that cannot tell "drained". */
  readonly outputCloseBytes: number;
  /** A connection with nothing in progress silent this long is closed (0: never). */
  readonly idleMs: number;
  /** A request (head and body) must have arrived within this; for one-request servers it covers the answer too. */
  readonly requestMs: number;
  /** A pairing handshake is not evicted by newcomers for this long after its first step (0: no handshakes). */
  readonly handshakeMs: number;
}

/**
 * The limits of each server (README "Every socket server bounded"). Sized for the ESP32: ~100–150 KB of free heap after
 * Wi-Fi, lwIP's 1436-byte segments; HomeKit's connections are the ones the owner's Home hub needs at all times.
 */
export const SOCKET_LIMITS = Object.freeze({
  homekit: Object.freeze<SocketLimits>({
    /** Twice HAP's 8 sessions: every session plus as many pairing or probing newcomers. */
    maxConnections: 16,
    /** HAP asks an accessory for at least 8 simultaneous sessions: newcomers never push them below that. */
    keptSessions: 8,
    /** iOS and hap-controller send heads of ~200 bytes. */
    maxHeaderBytes: 4096,
    /** Our largest bodies (pair-setup M3 with its 384-byte key, a PUT of every writable characteristic) are < 1 KB. */
    maxBodyBytes: 8192,
    /** Controllers wait for each answer; 4 lets one pipeline a burst without us holding many parsed requests. */
    maxPipelined: 4,
    /** Two encrypted frames: a reader that keeps up never waits, one that stops holds 2 KB of ours, not more. */
    outputPauseBytes: 2048,
    /** The accessory database (~4 KB, our largest answer) plus events, several times over. */
    outputCloseBytes: 16_384,
    /** Unverified only (sessions are never timed out: iOS keeps them for days); longer than the pair-setup slot. */
    idleMs: 60_000,
    /** An unverified request's head and body count as silence until complete: the same minute. */
    requestMs: 60_000,
    /** The pair-setup slot's time-out: a person may type the setup code between M2 and M3. */
    handshakeMs: 30_000,
  }),
  web: Object.freeze<SocketLimits>({
    /** The ESP32 has few sockets and HomeKit needs its own (the firmware passes 3). */
    maxConnections: 6,
    keptSessions: 0,
    /** A phone's head is ~600 bytes; 4 KiB leaves room for cookies from other apps on the same IP. */
    maxHeaderBytes: 4096,
    /** The settings form for 10 loads is ~2 KiB urlencoded; a JSON settings document a little more. */
    maxBodyBytes: 8192,
    /** One request per connection (answered with Connection: close): nothing after it is read. */
    maxPipelined: 1,
    /** Two 1 KB pieces of a streamed page (src/net/text-response.ts). */
    outputPauseBytes: 2048,
    /** The writer stops at the pause mark; past this only a socket without drain news could be: close it. */
    outputCloseBytes: 16_384,
    /** Connected and silent: the same 10 s as a whole request. */
    idleMs: 10_000,
    /** Request and answer within 10 s: a client that stops reading must not hold its connection for ever. */
    requestMs: 10_000,
    handshakeMs: 0,
  }),
  /**
   * The API's event stream (GET /api/events, Server-Sent Events): long-lived connections adopted from the web page's
   * server after their request, writing only. Each holds a socket and its queue; the web page's own 6 are apart.
   */
  events: Object.freeze<SocketLimits>({
    /** A phone, a home-automation box and a laptop or two; the ESP32's lwIP has few sockets for everyone. */
    maxConnections: 4,
    keptSessions: 0,
    /** The request itself went through the web page's limits: these are never read again. */
    maxHeaderBytes: 4096,
    maxBodyBytes: 0,
    maxPipelined: 1,
    /** Events are small (≈ 200–400 B); the writer never waits at a pause mark: a stream cannot skip events. */
    outputPauseBytes: 2048,
    /**
     * A reader that lets 8 KiB (≈ 25 events, a few minutes of a busy evening) pile up is dropped, not buffered: it
     * resumes with Last-Event-ID from the ring, or re-reads the state. 8 KiB × 4 clients bounds the heap they take.
     */
    outputCloseBytes: 8192,
    /** Never idle-closed: a keep-alive comment every 15 s tells a dead peer (the write fails) and keeps proxies open. */
    idleMs: 0,
    requestMs: 10_000,
    handshakeMs: 0,
  }),
  portal: Object.freeze<SocketLimits>({
    /** A phone opens a handful of connections to a captive portal (probes, page, form). */
    maxConnections: 8,
    keptSessions: 0,
    maxHeaderBytes: 4096,
    /** The set-up form (SSID, password, code, TIC mode, AP password) is a few hundred bytes. */
    maxBodyBytes: 2048,
    maxPipelined: 1,
    outputPauseBytes: 2048,
    outputCloseBytes: 16_384,
    idleMs: 10_000,
    requestMs: 10_000,
    handshakeMs: 0,
  }),
});

/**
 * Where a connection stands when a newcomer needs its place, in eviction order. Spent and idle connections go, oldest
 * progress first; sessions go last and only above `keptSessions`; handshakes and requests being answered never go.
 */
export const STANDING = Object.freeze({
  /** Answered: only flushing its output before it closes. */
  spent: 0,
  /** Nothing being answered: waiting for a request, or its answers stalled on a peer that does not read. */
  idle: 1,
  /** A verified session, silent or waiting on its peer. */
  session: 2,
  /** A pairing exchange awaited within handshakeMs (pair-setup, pair-verify). */
  handshake: 3,
  /** A request being answered (computed, or awaited from the application). */
  busy: 4,
});
export type Standing = (typeof STANDING)[keyof typeof STANDING];

/** What eviction needs to know of a connection. */
export interface Tracked {
  /** Asked at eviction time, so it is never stale. */
  readonly standing: Standing;
  /** The server's progress mark at its last progress (accepted, a request completed, an answer sent): lower is older. */
  readonly lastProgress: number;
}

/** Progress marks for one server: a counter, not a clock, so eviction order never depends on time or its source. */
export class ProgressMarks {
  private last = 0;
  next(): number {
    return ++this.last;
  }
}

/**
 * The connection to close so a newcomer can be admitted, or undefined when none may go (the newcomer is refused).
 * `connections` is the server's full set; call only when it is at `limits.maxConnections`.
 */
export function evictionVictim<T extends Tracked>(connections: Iterable<T>, limits: SocketLimits): T | undefined {
  let victim: T | undefined;
  let victimStanding: Standing = STANDING.busy;
  let sessions = 0;
  let oldestSession: T | undefined;
  for (const c of connections) {
    const standing = c.standing;
    if (standing === STANDING.session) {
      sessions++;
      if (oldestSession === undefined || c.lastProgress < oldestSession.lastProgress) oldestSession = c;
      continue;
    }
    if (standing > STANDING.idle) continue; // handshakes and requests being answered are never evicted
    if (victim === undefined || standing < victimStanding || (standing === victimStanding && c.lastProgress < victim.lastProgress)) {
      victim = c;
      victimStanding = standing;
    }
  }
  if (victim !== undefined) return victim;
  // Only sessions can go: the one silent longest (a phone gone without a FIN), never below HAP's minimum.
  return sessions > limits.keptSessions ? oldestSession : undefined;
}

/** The socket's output against the limits: room to answer, full (wait for its drain), or over (close it). */
export const OUTPUT = Object.freeze({ room: 0, full: 1, over: 2 });
export type OutputState = (typeof OUTPUT)[keyof typeof OUTPUT];

export function outputState(socket: TcpSocket, limits: SocketLimits): OutputState {
  const queued = socket.queuedBytes ?? 0;
  if (queued >= limits.outputCloseBytes) return OUTPUT.over;
  // Without drain news there is no "later": keep writing until the hard limit says close.
  if (queued >= limits.outputPauseBytes && socket.onDrain !== undefined) return OUTPUT.full;
  return OUTPUT.room;
}

/**
 * Bytes a connection's parser may hold beyond the requests taken from it: one largest request. A socket that pauses
 * may hand over one read more (Node reads 64 KB at a time, lwIP a segment); past it, a peer whose socket cannot pause,
 * or that still delivers while paused, is closed.
 */
export function inboundLimitBytes(limits: SocketLimits): number {
  return limits.maxHeaderBytes + limits.maxBodyBytes;
}

/** Stop reading: the bytes wait in the network stack and the TCP window closes. False when the socket cannot pause. */
export function pauseReading(socket: TcpSocket): boolean {
  if (socket.pause === undefined) return false;
  socket.pause();
  return true;
}

export function resumeReading(socket: TcpSocket): void {
  socket.resume?.();
}
