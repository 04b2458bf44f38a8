// The owner password on the real web server over loopback sockets: every write needs a login or a token, wrong
// passwords are slowed across restarts, tokens and sessions are revoked, factory reset clears it all; Host checks.
import { nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { factoryReset } from "../../src/device/factory-reset";
import { WebServer } from "../../src/web/server";
import { rawExchange, type RawResponse } from "./raw-http";
import { OWNER_PASSWORD, webFixture, type WebFixture } from "./web-fixture";

let f: WebFixture;
const servers: WebServer[] = [];
/** The servers' clock: the tests move it instead of sleeping through a wait. */
let nowMs = Date.parse("2026-01-14T08:00:00Z");
const clock = { nowMs: () => nowMs };

async function startServer(): Promise<WebServer> {
  const server = new WebServer({ tcp: new NodeTcpNetwork(), timers: nodeTimers, random: nodeRandom, logger: { log: () => undefined }, box: f.box, store: f.store, clock }, { port: 0, bind: "127.0.0.1", mdnsName: "delesteur.local" });
  await server.start();
  servers.push(server);
  return server;
}

interface Call {
  cookie?: string;
  csrf?: string;
  bearer?: string;
  json?: unknown;
  form?: Record<string, string>;
  host?: string;
  extraHeaders?: [string, string][];
}

function call(server: WebServer, method: string, path: string, options: Call = {}): Promise<RawResponse> {
  const port = server.port as number;
  const headers: [string, string][] = [["Host", options.host ?? `127.0.0.1:${port}`]];
  if (options.cookie !== undefined) headers.push(["Cookie", options.cookie]);
  if (options.csrf !== undefined) headers.push(["X-CSRF-Token", options.csrf]);
  if (options.bearer !== undefined) headers.push(["Authorization", `Bearer ${options.bearer}`]);
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.push(["Content-Type", "application/json"]);
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    body = new URLSearchParams(options.form).toString();
  }
  return rawExchange(port, { method, path, headers: [...headers, ...(options.extraHeaders ?? [])], body });
}

const cookieOf = (r: RawResponse) => (r.headers["set-cookie"] ?? "").split(";")[0];

/** The owner: first password through the first-visit form, then an API login (cookie + CSRF token). */
async function owner(server: WebServer, password = OWNER_PASSWORD): Promise<{ cookie: string; csrf: string }> {
  if (!server.auth.hasPassword()) {
    const set = await call(server, "POST", "/setup-password", { form: { password, password2: password } });
    expect(set.status).toBe(303);
  }
  const login = await call(server, "POST", "/api/login", { json: { password } });
  expect(login.status).toBe(200);
  return { cookie: cookieOf(login), csrf: JSON.parse(login.body).csrfToken };
}

const storeDump = () => JSON.stringify(f.store.keys().map((k) => [k, Array.from(f.store.get(k) ?? [])]));

beforeEach(() => {
  f = webFixture();
});

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

test("a write without credentials gets 401 and changes nothing, though the status stays open and tokenless", async () => {
  const server = await startServer();
  await owner(server);
  const before = [JSON.stringify(f.box.snapshot()), storeDump()];
  // The attack: any LAN device reads the open status, takes whatever token it hands out, and writes.
  const status = await call(server, "GET", "/api/status");
  const leaked = (JSON.parse(status.body) as { csrfToken?: string }).csrfToken ?? "0".repeat(32);
  const attempts = await Promise.all([
    call(server, "POST", "/api/loads/salon/override", { csrf: leaked, json: { override: "on", durationMs: 604_800_000 } }),
    call(server, "POST", "/api/loads/chauffe-eau/override", { csrf: leaked, json: { override: "on", durationMs: 604_800_000 } }),
    call(server, "PUT", "/api/settings", { csrf: leaked, json: { loads: [] } }),
    call(server, "POST", "/api/mode", { csrf: leaked, json: { mode: "HEAT" } }),
  ]);
  const form = await call(server, "POST", "/mode", { form: { mode: "HEAT", csrf: leaked } });
  expect(attempts.map((r) => r.status)).toEqual([401, 401, 401, 401]);
  expect(attempts[0].headers["www-authenticate"]).toBe('Bearer realm="delesteur"');
  expect(form.status).toBe(401);
  expect(form.body).toContain('action="/login"');
  expect(status.status).toBe(200);
  expect(Object.keys(JSON.parse(status.body)).sort()).toEqual(["nowMs", "status"]);
  expect([JSON.stringify(f.box.snapshot()), storeDump()]).toEqual(before);
});

test("a wrong password is refused; after 5 failures the next check waits, also on a new server over the same store", async () => {
  const server = await startServer();
  await owner(server);
  const wrong = [];
  for (let i = 0; i < 5; i++) wrong.push(await call(server, "POST", "/api/login", { json: { password: `guess number ${i}` } }));
  expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
  expect(wrong.every((r) => r.headers["set-cookie"] === undefined)).toBe(true);
  // The right password inside the wait is not even checked.
  const slowed = await call(server, "POST", "/api/login", { json: { password: OWNER_PASSWORD } });
  expect([slowed.status, slowed.headers["retry-after"]]).toEqual([429, "1"]);
  server.close();
  const restarted = await startServer(); // a restart: sessions gone, the counter read back from the store
  const afterRestart = await call(restarted, "POST", "/api/login", { json: { password: OWNER_PASSWORD } });
  expect(afterRestart.status).toBe(429);
  nowMs += 1000;
  expect((await call(restarted, "POST", "/api/login", { json: { password: "sixth wrong guess" } })).status).toBe(401);
  nowMs += 1000;
  expect((await call(restarted, "POST", "/api/login", { json: { password: OWNER_PASSWORD } })).status).toBe(429); // now 2 s
  nowMs += 1000;
  const ok = await call(restarted, "POST", "/api/login", { json: { password: OWNER_PASSWORD } });
  expect(ok.status).toBe(200);
  expect(ok.headers["set-cookie"]).toMatch(/^dl_session=[0-9a-f]{32}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=86400$/);
  expect(restarted.auth.attemptState().failures).toBe(0);
});

test("a bearer token works for the API, then revoked gets 401", async () => {
  const server = await startServer();
  const session = await owner(server);
  const made = await call(server, "POST", "/api/tokens", { cookie: session.cookie, csrf: session.csrf, json: { name: "domotique" } });
  expect(made.status).toBe(200);
  const { token, id } = JSON.parse(made.body) as { token: string; id: string };
  const heat = await call(server, "POST", "/api/mode", { bearer: token, json: { mode: "HEAT" } });
  expect([heat.status, f.box.snapshot()?.mode]).toEqual([200, "HEAT"]);
  const revoked = await call(server, "DELETE", `/api/tokens/${id}`, { cookie: session.cookie, csrf: session.csrf });
  expect(revoked.status).toBe(200);
  const after = await call(server, "POST", "/api/mode", { bearer: token, json: { mode: "AUTO" } });
  expect(after.status).toBe(401);
  expect(f.box.snapshot()?.mode).toBe("HEAT");
});

test("a password change revokes every session and token; logout ends a session", async () => {
  const server = await startServer();
  const first = await owner(server);
  const second = await owner(server);
  const { token } = JSON.parse((await call(server, "POST", "/api/tokens", { cookie: first.cookie, csrf: first.csrf, json: { name: "script" } })).body) as { token: string };
  const changed = await call(server, "POST", "/api/password", { cookie: first.cookie, csrf: first.csrf, json: { current: OWNER_PASSWORD, password: "a new long passphrase" } });
  expect(changed.status).toBe(200);
  expect(JSON.parse(changed.body).revoked).toEqual({ sessions: 3, tokens: 1 });
  const put = (auth: Call) => call(server, "PUT", "/api/settings", { ...auth, json: { heatDurationMs: 3_600_000 } });
  expect((await put({ cookie: first.cookie, csrf: first.csrf })).status).toBe(401);
  expect((await put({ cookie: second.cookie, csrf: second.csrf })).status).toBe(401);
  expect((await put({ bearer: token })).status).toBe(401);
  const fresh = { cookie: cookieOf(changed), csrf: JSON.parse(changed.body).csrfToken as string };
  expect((await put(fresh)).status).toBe(200);
  const out = await call(server, "POST", "/logout", { cookie: fresh.cookie, form: { csrf: fresh.csrf } });
  expect([out.status, out.headers["set-cookie"]]).toEqual([303, "dl_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"]);
  expect((await call(server, "GET", "/settings", { cookie: fresh.cookie })).status).toBe(401);
});

test("factory reset clears the password, the tokens and the failure counter", async () => {
  const server = await startServer();
  const session = await owner(server);
  const { token } = JSON.parse((await call(server, "POST", "/api/tokens", { cookie: session.cookie, csrf: session.csrf, json: { name: "script" } })).body) as { token: string };
  for (let i = 0; i < 6; i++) await call(server, "POST", "/api/login", { json: { password: `guess number ${i}` } });
  server.close();
  factoryReset(f.store);
  const reset = await startServer();
  const login = await call(reset, "POST", "/api/login", { json: { password: OWNER_PASSWORD } });
  expect([login.status, JSON.parse(login.body).errors[0].message]).toEqual([409, "no owner password yet: choose one on the settings page or in the set-up portal"]);
  expect((await call(reset, "GET", "/api/settings", { bearer: token })).status).toBe(401);
  expect((await call(reset, "GET", "/login")).body).toContain('action="/setup-password"');
  expect(reset.auth.attemptState()).toEqual({ failures: 0, waitMs: 0 });
});

test("Host: a repeated header is refused (400); a bracketed name, another .local name and userinfo are refused (403)", async () => {
  const server = await startServer();
  const port = server.port as number;
  const twice = await rawExchange(port, { method: "GET", path: "/api/status", headers: [["Host", `127.0.0.1:${port}`], ["Host", "evil.example"]] });
  const twiceReversed = await rawExchange(port, { method: "GET", path: "/api/status", headers: [["Host", "evil.example"], ["Host", `127.0.0.1:${port}`]] });
  expect([twice.status, twiceReversed.status]).toEqual([400, 400]);
  const hosts = ["[evil.example]", "evil.local", "127.0.0.1:1@evil.example", `127.0.0.1:${port}:1`];
  const refused = await Promise.all(hosts.map((host) => call(server, "GET", "/api/status", { host })));
  expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
  expect((await call(server, "GET", "/api/status", { host: `delesteur.local:${port}` })).status).toBe(200);
  expect((await call(server, "GET", "/api/status", { host: `[::1]:${port}` })).status).toBe(200);
});
