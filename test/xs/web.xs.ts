// XS lane: the box's web page (routes, rendering, escaping, API validation, CSRF) and the owner password (PBKDF2
// vectors, sessions, tokens, rate limit, login routes) on the real XS engine, through the same cases jest runs.
import { escapeHtml } from "../../src/text/html";
import type { TcpNetwork, TcpSocket } from "../../hal/types";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import { SessionTable } from "../../src/auth/sessions";
import { withWebPage } from "../../src/web/station";
import { AUTH_CASES } from "../web/auth-cases";
import { SETTINGS_FORM_CASES } from "../web/settings-form-cases";
import { STATUS_MANAGER_CASES } from "../web/status-manager-cases";
import { WEB_CASES } from "../web/web-cases";
import { OWNER_PASSWORD, webFixture } from "../web/web-fixture";
import { assert, assertEqual, run, test } from "./harness";

for (const c of [...WEB_CASES, ...SETTINGS_FORM_CASES, ...STATUS_MANAGER_CASES, ...AUTH_CASES]) {
  test(c.name, async () => {
    const { actual, expected } = await c.run();
    assertEqual(actual, expected, c.name);
  });
}

test("a session's id and CSRF token are 32 hex digits each from the Random it is given", () => {
  let n = 0;
  const session = new SessionTable({ fill: (b: Uint8Array) => b.map(() => n++) }).open(0);
  assertEqual([session.id, session.csrfToken], ["000102030405060708090a0b0c0d0e0f", "101112131415161718191a1b1c1d1e1f"]);
});

test("the owner password check runs on XS with the production parameters: right password in, wrong one out", async () => {
  const f = webFixture();
  await f.login(OWNER_PASSWORD);
  const wrong = await f.send("POST", "/api/login", { body: '{"password":"not the owner password"}', headers: { cookie: "" } });
  const right = await f.send("POST", "/api/login", { body: JSON.stringify({ password: OWNER_PASSWORD }), headers: { cookie: "" } });
  assertEqual([wrong.status, right.status], [401, 200]);
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
  const deps = { tcp: network, timers: f.time, random: { fill: (b: Uint8Array) => b.map(() => n++) }, logger: { log: () => undefined }, box: f.box, store: f.store, clock: f.time };
  const station = withWebPage(async () => "hap", deps, { port: 80 });
  assertEqual(await station.startHap(), "hap");
  assertEqual(station.server()?.port, 80);
  const ok = exchange("GET /api/status HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n");
  assert(ok.reply.indexOf("HTTP/1.1 200 OK\r\n") === 0 && ok.closed, ok.reply.slice(0, 40));
  assert(ok.reply.indexOf("csrfToken") < 0, "the open status hands out no token");
  const write = exchange('POST /api/mode HTTP/1.1\r\nHost: 192.168.1.20\r\nContent-Length: 15\r\n\r\n{"mode":"HEAT"}');
  assert(write.reply.indexOf("HTTP/1.1 401 Unauthorized\r\n") === 0 && f.box.snapshot()?.mode === "AUTO", write.reply.slice(0, 40));
  const big = exchange("PUT /api/settings HTTP/1.1\r\nHost: 192.168.1.20\r\nContent-Length: 99999\r\n\r\n{");
  assert(big.reply.indexOf("HTTP/1.1 413 ") === 0 && big.closed, big.reply.slice(0, 40));
});

await run("web");
