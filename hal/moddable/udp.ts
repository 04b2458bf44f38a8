// UdpNetwork on the Moddable `socket` module: one UDP socket per bind (the captive DNS on port 53).
// Never parses packets: bytes in, bytes out; the sender's address is read during the callback, as lwIP sets it.
import { Socket } from "socket";
import type { UdpNetwork, UdpSocket } from "../types";

const MSG_DATA = 2;

type LwipUdp = {
  callback: (message: number, value?: number) => void;
  read(type: typeof ArrayBuffer): ArrayBuffer;
  write(address: string, port: number, data: ArrayBuffer): void;
  close(): void;
  /** Set by lwIP for the packet being delivered. */
  address?: string;
  port?: number;
};

export class ModdableUdpNetwork implements UdpNetwork {
  bind(options: { port: number; address?: string }): Promise<UdpSocket> {
    const socket = new Socket({ kind: "UDP", port: options.port }) as unknown as LwipUdp;
    let handler: ((bytes: Uint8Array, address: string, port: number) => void) | undefined;
    socket.callback = (message) => {
      if (message !== MSG_DATA) return;
      const bytes = new Uint8Array(socket.read(ArrayBuffer));
      handler?.(bytes, socket.address ?? "", socket.port ?? 0);
    };
    return Promise.resolve({
      port: options.port,
      send: (bytes, address, port) => socket.write(address, port, bytes.slice().buffer),
      onMessage: (next) => void (handler = next),
      close: () => socket.close(),
    });
  }
}
