// The firmware's hook: the web page opens after HomeKit on the first link-up, once, and a busy port never stops HomeKit.
import { createServer, type Server } from "node:net";
import { nodeClock, nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { withWebPage } from "../../src/web/station";
import { webFixture } from "./web-fixture";

const logged: string[] = [];
const deps = () => {
  const f = webFixture();
  return { tcp: new NodeTcpNetwork(), timers: nodeTimers, random: nodeRandom, logger: { log: (_l: string, m: string) => void logged.push(m) }, box: f.box, store: f.store, clock: nodeClock };
};

test("the page opens after HomeKit, once, and answers on its port", async () => {
  const order: string[] = [];
  const station = withWebPage(async () => (order.push("hap"), "hap-server"), deps(), { port: 0, bind: "127.0.0.1" });
  expect(station.server()).toBeUndefined();
  expect(await station.startHap()).toBe("hap-server");
  const first = station.server();
  expect(first?.port).toBeGreaterThan(0);
  await station.startHap();
  expect(station.server()).toBe(first);
  expect(order).toEqual(["hap", "hap"]);
  const response = await fetch(`http://127.0.0.1:${first?.port}/api/status`);
  expect(((await response.json()) as { status: { loads: unknown[] } }).status.loads).toHaveLength(2);
  first?.close();
});

test("a busy port is logged, HomeKit still starts, and the next link-up tries again", async () => {
  const blocker: Server = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
  const port = (blocker.address() as { port: number }).port;
  const station = withWebPage(async () => "hap-server", deps(), { port, bind: "127.0.0.1" });
  expect(await station.startHap()).toBe("hap-server");
  expect(station.server()).toBeUndefined();
  expect(logged).toContain("web page failed to start");
  await new Promise<void>((r) => blocker.close(() => r()));
  await station.startHap();
  expect(station.server()?.port).toBe(port);
  station.server()?.close();
});
