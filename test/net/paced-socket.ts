// A TcpSocket with back-pressure whose network the test drives: writes queue until `drain()`, each write is recorded.
// Node-free, so the XS lane streams responses through the same socket; keeps copies, never the caller's arrays.
import type { TcpSocket } from "../../hal/types";
import { concatByteList, utf8Decode, utf8Encode } from "../../lib/bytes";

export class PacedSocket implements TcpSocket {
  readonly remoteAddress = "192.168.1.50";
  readonly remotePort = 50000;
  /** Size of each write, in order. */
  readonly writeSizes: number[] = [];
  /** The most the socket ever held at once. */
  maxQueuedBytes = 0;
  closed = false;
  /** What the socket still held when it was closed (a device socket drops it). */
  queuedAtClose = 0;
  private readonly queue: Uint8Array[] = [];
  private readonly delivered: Uint8Array[] = [];
  private dataHandler: ((bytes: Uint8Array) => void) | undefined;
  private readonly drainHandlers: (() => void)[] = [];
  private readonly closeHandlers: (() => void)[] = [];

  get queuedBytes(): number {
    let bytes = 0;
    for (const part of this.queue) bytes += part.length;
    return bytes;
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    this.queue.push(bytes.slice());
    this.writeSizes.push(bytes.length);
    this.maxQueuedBytes = Math.max(this.maxQueuedBytes, this.queuedBytes);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queuedAtClose = this.queuedBytes;
    for (const handler of this.closeHandlers) handler();
  }

  onData(handler: (bytes: Uint8Array) => void): void {
    this.dataHandler = handler;
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  onDrain(handler: () => void): void {
    this.drainHandlers.push(handler);
  }

  /** The client sends a request. */
  send(text: string): void {
    this.dataHandler?.(utf8Encode(text));
  }

  /** The network takes everything queued and says so; false when there was nothing to take. */
  drain(): boolean {
    if (this.queue.length === 0) return false;
    this.delivered.push(...this.queue.splice(0));
    for (const handler of this.drainHandlers) handler();
    return true;
  }

  /** Drain until the socket is closed or holds nothing more (bounded, so a stuck writer fails instead of looping). */
  drainAll(maxRounds = 10_000): void {
    for (let i = 0; i < maxRounds && this.drain(); i++);
  }

  /** Every byte the client received. */
  received(): Uint8Array {
    return concatByteList(this.delivered);
  }

  /** The head (as text) and the body bytes of what the client received. */
  response(): { head: string; body: Uint8Array } {
    const bytes = this.received();
    let end = 0;
    while (end + 3 < bytes.length && !(bytes[end] === 13 && bytes[end + 1] === 10 && bytes[end + 2] === 13 && bytes[end + 3] === 10)) end++;
    return { head: utf8Decode(bytes.subarray(0, end)), body: bytes.subarray(end + 4) };
  }
}
