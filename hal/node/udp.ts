// UdpNetwork on node:dgram (IPv4) for host-sim's captive DNS.
// Never lets a socket error escape as an uncaught exception: errors after bind are logged and dropped.

import { createSocket } from "node:dgram";
import type { UdpNetwork, UdpSocket } from "../types";

export function createNodeUdpNetwork(onError?: (message: string) => void): UdpNetwork {
  return {
    bind(options) {
      return new Promise<UdpSocket>((resolve, reject) => {
        const socket = createSocket("udp4");
        let bound = false;
        socket.once("error", (error) => {
          if (!bound) reject(error);
        });
        socket.on("error", (error) => {
          if (bound) onError?.(`udp: ${error.message}`);
        });
        socket.bind(options.port, options.address ?? "0.0.0.0", () => {
          bound = true;
          let closed = false;
          resolve({
            port: socket.address().port,
            send(bytes, address, port) {
              if (!closed) socket.send(bytes, port, address);
            },
            onMessage(handler) {
              socket.on("message", (message, info) => {
                handler(new Uint8Array(message.buffer, message.byteOffset, message.byteLength), info.address, info.port);
              });
            },
            close() {
              if (closed) return;
              closed = true;
              socket.close();
            },
          });
        });
      });
    },
  };
}
