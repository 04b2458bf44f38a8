// TcpNetwork on the Moddable `socket` module (lwIP): a Listener per port, one Socket per accepted connection.
// Never blocks or drops our bytes while open: writes queue until lwIP reports room (message 3), in order.
import { Listener, Socket } from "socket";
import type { TcpListener, TcpListenOptions, TcpNetwork, TcpSocket } from "../types";

const MSG_ERROR = -2;
const MSG_DISCONNECT = -1;
const MSG_DATA = 2;
const MSG_SENT = 3;

type LwipSocket = InstanceType<typeof Socket> & {
  write(...data: ArrayBuffer[]): void;
  write(): number;
  read(): number;
  read(type: typeof ArrayBuffer, until?: number): ArrayBuffer;
  get?(what: "REMOTE_IP"): string;
};

class ModdableTcpSocket implements TcpSocket {
  readonly remoteAddress: string;
  readonly remotePort = 0;
  private readonly socket: LwipSocket;
  private readonly queue: Uint8Array[] = [];
  private dataHandler: ((bytes: Uint8Array) => void) | undefined;
  private closeHandlers: (() => void)[] = [];
  private drainHandlers: (() => void)[] = [];
  private closed = false;
  private paused = false;

  constructor(socket: LwipSocket) {
    this.socket = socket;
    this.remoteAddress = socket.get?.("REMOTE_IP") ?? "";
    socket.callback = (message: number, value?: number) => {
      if (message === MSG_DATA && value) this.readable();
      else if (message === MSG_SENT) this.sent();
      else if (message === MSG_DISCONNECT || message === MSG_ERROR) this.finish();
    };
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    this.queue.push(bytes.slice());
    this.flush();
  }

  close(): void {
    if (this.closed) return;
    this.socket.close();
    this.finish();
  }

  /**
   * Leave received bytes in lwIP: it acknowledges a segment (tcp_recved) only once we have read it, so the peer's
   * window closes, and it announces nothing more until the current segment is read.
   */
  pause(): void {
    this.paused = true;
  }

  /** Read what waited, on a later turn: the server that resumes may be in the middle of its own work. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    void Promise.resolve().then(() => this.readable());
  }

  onData(handler: (bytes: Uint8Array) => void): void {
    this.dataHandler = handler;
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  /** What waits for lwIP: a response writer keeps this to a piece or two (close drops it). */
  get queuedBytes(): number {
    let bytes = 0;
    for (const part of this.queue) bytes += part.length;
    return bytes;
  }

  onDrain(handler: () => void): void {
    this.drainHandlers.push(handler);
  }

  /** Read every byte lwIP holds for us (read() with no argument: how many), unless paused. */
  private readable(): void {
    while (!this.paused && !this.closed && this.socket.read() > 0) this.dataHandler?.(new Uint8Array(this.socket.read(ArrayBuffer)));
  }

  private sent(): void {
    if (this.queue.length === 0) return;
    this.flush();
    if (this.queue.length === 0) for (const handler of this.drainHandlers) handler();
  }

  private flush(): void {
    while (!this.closed && this.queue.length > 0) {
      const room = this.socket.write();
      if (room <= 0) return;
      const head = this.queue[0];
      const part = head.length <= room ? head : head.subarray(0, room);
      this.socket.write(part.slice().buffer);
      if (part.length === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(room);
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.drainHandlers = [];
    for (const handler of this.closeHandlers) handler();
  }
}

export class ModdableTcpNetwork implements TcpNetwork {
  listen(options: TcpListenOptions, onConnection: (socket: TcpSocket) => void): Promise<TcpListener> {
    const listener = new Listener({ port: options.port });
    listener.callback = function (this: Listener) {
      onConnection(new ModdableTcpSocket(new Socket({ listener: this }) as unknown as LwipSocket));
    };
    return Promise.resolve({
      port: options.port,
      close: () => (listener as unknown as { close(): void }).close(),
    });
  }
}
