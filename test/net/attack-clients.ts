// Hostile LAN clients for the socket-bound tests, over real loopback TCP: a client that pipelines requests and never
// reads, and idle sockets reopened on a period. Node-only test code; every client is bounded and stops on demand.
import { readFileSync } from "node:fs";
import * as net from "node:net";

/** A socket closed by either side, for the counters. */
function track(socket: net.Socket, onGone: () => void): void {
  socket.on("error", () => undefined);
  socket.on("close", onGone);
}

/**
 * Connections that write `request` as fast as the socket takes it and never read what comes back (their sockets
 * are paused: the answers pile up on the server's side). Each connection is replaced by a fresh one every
 * `replaceEveryMs` (0: never), and at once when the server closes it and the client notices.
 */
export class NonReadingPipeliner {
  /** Bytes of requests handed to the kernel, over every connection. */
  bytesWritten = 0;
  connectionsOpened = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private stopped = false;
  private readonly burst: Buffer;

  constructor(
    private readonly port: number,
    request: string,
    private readonly connections = 1,
    private readonly replaceEveryMs = 0,
  ) {
    // 64 requests per write: a few KB, as a pipelining client sends them.
    this.burst = Buffer.from(request.repeat(64), "latin1");
  }

  start(): this {
    for (let i = 0; i < this.connections; i++) this.open();
    if (this.replaceEveryMs > 0) {
      this.timers.push(
        setInterval(() => {
          const oldest = this.sockets.values().next().value;
          oldest?.destroy(); // its close handler opens the replacement
        }, this.replaceEveryMs / this.connections),
      );
    }
    return this;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private open(): void {
    if (this.stopped) return;
    this.connectionsOpened++;
    const socket = net.connect({ host: "127.0.0.1", port: this.port });
    socket.pause(); // never read: what the server answers stays in its socket, then in its own queues
    this.sockets.add(socket);
    const write = (): void => {
      while (!this.stopped && !socket.destroyed) {
        const more = socket.write(this.burst);
        this.bytesWritten += this.burst.length;
        if (!more) return; // the socket's buffer is full: go on at its drain
      }
    };
    socket.on("connect", write);
    socket.on("drain", write);
    track(socket, () => {
      this.sockets.delete(socket);
      this.open();
    });
  }
}

/** `count` sockets that connect and say nothing, all closed and reopened together at each `reopen()` (the attack). */
export class IdleSockets {
  opened = 0;
  private sockets: net.Socket[] = [];

  constructor(
    private readonly port: number,
    private readonly count: number,
  ) {}

  /** Close the previous set and open a fresh one; resolves once every new socket is connected (or failed). */
  async reopen(): Promise<void> {
    this.stop();
    this.sockets = await connectFlood(this.port, this.count);
    this.opened += this.count;
  }

  stop(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets = [];
  }
}

/** `count` connections opened as fast as possible and left open; resolves once every one is connected (or failed). */
export function connectFlood(port: number, count: number): Promise<net.Socket[]> {
  return Promise.all(
    Array.from({ length: count }, () => new Promise<net.Socket>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.on("error", () => undefined);
      socket.once("connect", () => resolve(socket));
      socket.once("close", () => resolve(socket));
    })),
  );
}

/** Resident set size of a process, from /proc/<pid>/status, in bytes. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (match === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** One plain HTTP/1.1 GET on a fresh connection; resolves with the status (0: refused, closed or silent for `limitMs`). */
export function httpGet(port: number, path: string, limitMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let text = "";
    const done = (status: number): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done(0), limitMs);
    socket.on("error", () => done(0));
    socket.on("connect", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    socket.on("data", (data: Buffer) => {
      text += data.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text);
      if (status !== null && text.includes("\r\n\r\n")) done(Number(status[1]));
    });
    socket.on("close", () => done(0));
  });
}
