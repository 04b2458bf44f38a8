// TcpNetwork on node:net for host-sim and tests: one TcpSocket per accepted connection.
// Never interprets the bytes; never lets a socket error escape as an uncaught exception.
import * as net from "node:net";
import type { TcpListener, TcpListenOptions, TcpNetwork, TcpSocket } from "../types";

class NodeTcpSocket implements TcpSocket {
  readonly remoteAddress: string;
  readonly remotePort: number;
  private closed = false;
  private closeHandlers: (() => void)[] = [];
  private drainHandlers: (() => void)[] = [];

  constructor(private readonly socket: net.Socket) {
    this.remoteAddress = socket.remoteAddress ?? "";
    this.remotePort = socket.remotePort ?? 0;
    socket.setNoDelay(true);
    // An error is always followed by "close"; swallowing it here keeps a peer reset from crashing the process.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.closed = true;
      for (const handler of this.closeHandlers) handler();
      this.closeHandlers = [];
      this.drainHandlers = [];
    });
  }

  write(bytes: Uint8Array): void {
    if (this.closed || this.socket.destroyed) return;
    // Copy: callers may reuse their buffer once write returns, and node keeps a reference until flushed.
    // Node's "drain" only follows a write past its high-water mark; the write callback tells every flush.
    this.socket.write(Uint8Array.prototype.slice.call(bytes), () => {
      if (this.socket.writableLength > 0 || this.closed) return;
      for (const handler of this.drainHandlers) handler();
    });
  }

  get queuedBytes(): number {
    return this.socket.writableLength;
  }

  onDrain(handler: () => void): void {
    this.drainHandlers.push(handler);
  }

  /** net.Socket's own flow control: unread data stays in the kernel, whose receive window then closes. */
  pause(): void {
    if (!this.closed) this.socket.pause();
  }

  resume(): void {
    if (!this.closed) this.socket.resume();
  }

  close(): void {
    if (this.closed) return;
    // end() flushes what was written (a final error response) before the FIN; destroy later if the peer stalls.
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), 2000);
    timer.unref();
  }

  onData(handler: (bytes: Uint8Array) => void): void {
    this.socket.on("data", (chunk: Buffer) => handler(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }
}

class NodeTcpListener implements TcpListener {
  constructor(
    private readonly server: net.Server,
    private readonly sockets: Set<net.Socket>,
  ) {}

  get port(): number {
    const address = this.server.address();
    return typeof address === "object" && address !== null ? address.port : 0;
  }

  close(): void {
    this.server.close();
    // A listener that is closed takes its live connections with it (tests and restarts must not leak sockets).
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

export class NodeTcpNetwork implements TcpNetwork {
  listen(options: TcpListenOptions, onConnection: (socket: TcpSocket) => void): Promise<TcpListener> {
    return new Promise((resolve, reject) => {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        onConnection(new NodeTcpSocket(socket));
      });
      server.once("error", reject);
      server.listen({ port: options.port, host: options.address ?? "0.0.0.0" }, () => {
        server.off("error", reject);
        server.on("error", () => undefined);
        resolve(new NodeTcpListener(server, sockets));
      });
    });
  }
}
