import * as net from "node:net";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import type { TcpSocket } from "../../hal/types";

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: "127.0.0.1" }, () => resolve(s));
    s.once("error", reject);
  });
}

function readSome(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no data")), 2000);
    socket.once("data", (d) => {
      clearTimeout(timer);
      resolve(d.toString());
    });
  });
}

describe("NodeTcpNetwork", () => {
  test("echoes bytes on an ephemeral loopback port, reports close, and closes sockets with the listener", async () => {
    const accepted: TcpSocket[] = [];
    let closes = 0;
    const listener = await new NodeTcpNetwork().listen({ port: 0, address: "127.0.0.1" }, (socket) => {
      accepted.push(socket);
      socket.onData((bytes) => socket.write(bytes));
      socket.onClose(() => closes++);
    });
    expect(listener.port).toBeGreaterThan(0);
    const client = await connect(listener.port);
    client.write("hello");
    expect(await readSome(client)).toBe("hello");
    expect(accepted[0].remoteAddress).toContain("127.0.0.1");
    const ended = new Promise<void>((resolve) => client.once("close", () => resolve()));
    listener.close();
    await ended;
    await new Promise((r) => setImmediate(r));
    expect(closes).toBe(1);
    accepted[0].write(new Uint8Array([1])); // writing after close is a no-op, not a throw
  });
});
