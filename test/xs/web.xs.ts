// XS lane: the box's web page (routes, rendering, escaping, API validation, CSRF) on the real XS engine,
// driving a real Device and Controller through the same cases jest runs.
import { escapeHtml } from "../../src/text/html";
import type { TcpNetwork, TcpSocket } from "../../hal/types";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import { newCsrfToken } from "../../src/web/guard";
import { withWebPage } from "../../src/web/station";
import { SETTINGS_FORM_CASES } from "../web/settings-form-cases";
import { WEB_CASES } from "../web/web-cases";
import { webFixture } from "../web/web-fixture";
import { assert, assertEqual, run, test } from "./harness";

for (const c of [...WEB_CASES, ...SETTINGS_FORM_CASES]) {
  test(c.name, () => {
    const { actual, expected } = c.run();
    assertEqual(actual, expected, c.name);
  });
}

test("a CSRF token is 32 hex digits from the Random it is given", () => {
  let n = 0;
  const token = newCsrfToken({ fill: (b) => b.map(() => n++) });
  assertEqual(token, "000102030405060708090a0b0c0d0e0f");
});

test("the status page of a red peak renders within the XS heap and stays escaped", () => {
  const f = webFixture("2026-01-14T09:00:00+01:00", { colour: "red", period: "hp", powerVA: 1500 });
  const page = f.request("GET", "/").body;
  assert(page.length > 2000 && page.length < 20000, `page is ${page.length} characters`);
  assert(page.indexOf(escapeHtml("jour rouge, heures pleines")) >= 0, "reason in French");
});

/** An in-memory TcpNetwork: each `connect` hands the server a socket and returns what it wrote back. */
function memoryNetwork() {
  let accept: ((socket: TcpSocket) => void) | undefined;
  const network: TcpNetwork = {
    async listen(options, onConnection) {
      accept = onConnection;
      return { port: options.port === 0 ? 8080 : options.port, close: () => undefined };
    },
  };
  function exchange(request: string): { reply: string; closed: boolean } {
    let data: ((bytes: Uint8Array) => void) | undefined;
    const out = { reply: "", closed: false };
    const socket: TcpSocket = {
      remoteAddress: "192.168.1.50",
      remotePort: 50000,
      write: (bytes) => void (out.reply += utf8Decode(bytes)),
      close: () => void (out.closed = true),
      onData: (handler) => void (data = handler),
      onClose: () => undefined,
    };
    accept?.(socket);
    data?.(utf8Encode(request));
    return out;
  }
  return { network, exchange };
}

test("the server and the firmware hook on XS: HomeKit first, then the page answers over a socket; oversize is 413", async () => {
  const { network, exchange } = memoryNetwork();
  const f = webFixture();
  let n = 0;
  const deps = { tcp: network, timers: f.time, random: { fill: (b: Uint8Array) => b.map(() => n++) }, logger: { log: () => undefined }, box: f.box };
  const station = withWebPage(async () => "hap", deps, { port: 80 });
  assertEqual(await station.startHap(), "hap");
  assertEqual(station.server()?.port, 80);
  const ok = exchange("GET /api/status HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n");
  assert(ok.reply.indexOf("HTTP/1.1 200 OK\r\n") === 0 && ok.closed, ok.reply.slice(0, 40));
  assert(ok.reply.indexOf('"csrfToken":"000102030405060708090a0b0c0d0e0f"') > 0, "token from the given Random");
  const big = exchange("PUT /api/settings HTTP/1.1\r\nHost: 192.168.1.20\r\nContent-Length: 99999\r\n\r\n{");
  assert(big.reply.indexOf("HTTP/1.1 413 ") === 0 && big.closed, big.reply.slice(0, 40));
});

await run("web");
