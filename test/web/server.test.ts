// The web page server on a real loopback socket: one bad, oversized, stalled or excess connection is closed
// and counted, and the next visitor is still served.
import { connect } from "node:net";
import { nodeClock, nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { WebServer } from "../../src/web/server";
import { webFixture } from "./web-fixture";

let server: WebServer;

/** Send raw bytes, collect everything until the server closes (bounded by `limitMs`). */
function exchange(raw: string | Buffer, limitMs = 3000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: server.port as number });
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false });
    }, limitMs);
    socket.on("data", (d) => (text += d.toString("utf8")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text, closedByServer: true });
    });
    socket.on("connect", () => {
      if (raw.length > 0) socket.write(raw);
    });
  });
}

const GET = "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

beforeEach(async () => {
  const f = webFixture();
  server = new WebServer({ tcp: new NodeTcpNetwork(), timers: nodeTimers, random: nodeRandom, logger: { log: () => undefined }, box: f.box, store: f.store, clock: nodeClock }, { port: 0, bind: "127.0.0.1", requestTimeoutMs: 300, maxConnections: 2 });
  await server.start();
});

afterEach(() => server.close());

test("a request over TCP is answered and the connection closed", async () => {
  const { text, closedByServer } = await exchange(GET);
  expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(text).toContain("Connection: close");
  expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)).status.loads).toHaveLength(2);
  expect(closedByServer).toBe(true);
});

test("an oversized body is refused with 413 before it is read; garbage gets 400; the next request is served", async () => {
  const big = await exchange(`PUT /api/settings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n{`);
  expect(big.text).toMatch(/^HTTP\/1\.1 413 /);
  const junk = await exchange("\x00\x01 NOT HTTP\r\n\r\n");
  expect(junk.text).toMatch(/^HTTP\/1\.1 400 /);
  expect((await exchange(GET)).text).toMatch(/^HTTP\/1\.1 200 /);
  expect(server.stats.badRequests).toBe(2);
});

test("a stalled request is closed by the server, and a newcomer past the limit evicts the oldest idle connection", async () => {
  const stalled = await exchange("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", 5000);
  expect(stalled).toEqual({ text: "", closedByServer: true });
  expect(server.stats.timedOut).toBe(1);
  const holders = [exchange("", 5000), exchange("", 5000)];
  await new Promise((r) => setTimeout(r, 100));
  // Both places are held by silent sockets: the visitor takes the older one's, instead of being refused.
  const third = await exchange(GET, 5000);
  expect(third.text).toMatch(/^HTTP\/1\.1 200 /);
  expect(server.stats.evictedConnections).toBe(1);
  expect(server.stats.refusedConnections).toBe(0);
  const [older, newer] = await Promise.all(holders);
  expect(older).toEqual({ text: "", closedByServer: true });
  expect(newer.closedByServer).toBe(true); // by the request time-out, later
});
