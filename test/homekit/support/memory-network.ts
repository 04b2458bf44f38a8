// In-memory TcpNetwork and Timers for server tests that must also run on XS (no node:net, no setTimeout).
// Bytes are delivered on a microtask, so a write never re-enters the sender's handler.
import type { TcpListener, TcpListenOptions, TcpNetwork, TcpSocket, Timers } from "../../../hal/types";

class MemorySocket implements TcpSocket {
  readonly remotePort = 40000;
  peer: MemorySocket | undefined;
  closed = false;
  private dataHandlers: ((bytes: Uint8Array) => void)[] = [];
  private closeHandlers: (() => void)[] = [];

  constructor(readonly remoteAddress = "127.0.0.1") {}

  write(bytes: Uint8Array): void {
    const peer = this.peer;
    if (this.closed || peer === undefined) return;
    const copy = bytes.slice();
    void Promise.resolve().then(() => {
      if (!peer.closed) for (const h of peer.dataHandlers) h(copy);
    });
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    void Promise.resolve().then(() => {
      for (const h of this.closeHandlers) h();
      if (peer !== undefined && !peer.closed) {
        peer.closed = true;
        for (const h of peer.closeHandlers) h();
        peer.release();
      }
      this.release();
    });
  }
  /** A closed socket lets go of its handlers, as a real one does: what the server held can be collected. */
  release(): void {
    this.dataHandlers = [];
    this.closeHandlers = [];
  }
  onData(handler: (bytes: Uint8Array) => void): void {
    this.dataHandlers.push(handler);
  }
  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }
}

/** The test's end of a connection: what the server wrote, and whether it closed. */
export class MemoryClient {
  readonly received: Uint8Array[] = [];
  constructor(readonly socket: MemorySocket) {
    socket.onData((bytes) => this.received.push(bytes));
  }
  get closed(): boolean {
    return this.socket.closed;
  }
  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }
  /** Everything received so far as Latin-1 text. */
  text(): string {
    let out = "";
    for (const chunk of this.received) for (let i = 0; i < chunk.length; i++) out += String.fromCharCode(chunk[i]);
    return out;
  }
}

export class MemoryNetwork implements TcpNetwork {
  private accept: ((socket: TcpSocket) => void) | undefined;

  listen(_options: TcpListenOptions, onConnection: (socket: TcpSocket) => void): Promise<TcpListener> {
    this.accept = onConnection;
    return Promise.resolve({ port: 51826, close: () => (this.accept = undefined) });
  }

  /** `from`: the address the server sees for this connection. */
  connect(from?: string): MemoryClient {
    if (this.accept === undefined) throw new Error("not listening");
    const server = new MemorySocket(from);
    const client = new MemorySocket();
    server.peer = client;
    client.peer = server;
    this.accept(server);
    return new MemoryClient(client);
  }
}

/** Timers on microtasks: enough for yields and event coalescing in a test; intervals never fire. */
export const microtaskTimers: Timers = {
  setTimeout(callback: () => void): unknown {
    const handle = { cancelled: false };
    void Promise.resolve().then(() => {
      if (!handle.cancelled) callback();
    });
    return handle;
  },
  setInterval(): unknown {
    return { cancelled: true };
  },
  clear(handle: unknown): void {
    (handle as { cancelled: boolean }).cancelled = true;
  },
};

/** Let queued microtasks (deliveries, yields) run; `rounds` bounds the wait. */
export async function drain(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
