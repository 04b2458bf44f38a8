// The owner password, sessions, tokens and rate limit as cases shared by jest (test/web/auth.test.ts) and XS
// (test/xs/web.xs.ts): PBKDF2 vectors, the auth module on a memory store, and the web routes over a real Device.
import { bytesToHex, hexToBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import { ATTEMPT_LIMITS, decodeAttempts, delayAfter, waitMs } from "../../src/auth/attempts";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { AUTH_KEYS, OwnerAuth } from "../../src/auth/owner-auth";
import { pbkdf2Sliced } from "../../src/auth/pbkdf2";
import { decodeRecord, hashPassword, KDF_PARAMS, verifyPassword } from "../../src/auth/password-hash";
import { SESSION_LIMITS, SessionTable } from "../../src/auth/sessions";
import { TOKEN_LIMITS } from "../../src/auth/tokens";
import { factoryReset } from "../../src/device/factory-reset";
import { MemoryStore } from "../../src/device/memory-store";
import { routeWebRequest } from "../../src/web/routes";
import type { Outcome, WebCase } from "./web-cases";
import { cookieOf, formBody, OWNER_PASSWORD, ownerFixture, testRandom, webFixture, type WebFixture } from "./web-fixture";

const has = (text: string, part: string): boolean => text.indexOf(part) >= 0;
const now = { nowMs: () => 1_700_000_000_000 };
const noYield = () => Promise.resolve();

/** PBKDF2-HMAC-SHA256 (P, S, c, dkLen) → DK: RFC 7914 §11 and the vectors OpenSSL's pbkdf2 gives for RFC 6070's inputs. */
export const PBKDF2_VECTORS: readonly { p: string; s: string; c: number; dk: string }[] = Object.freeze([
  { p: "password", s: "salt", c: 1, dk: "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
  { p: "password", s: "salt", c: 2, dk: "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43" },
  { p: "password", s: "salt", c: 4096, dk: "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
  { p: "passwd", s: "salt", c: 1, dk: "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
  { p: "passwordPASSWORDpassword", s: "saltSALTsaltSALTsaltSALTsaltSALTsalt", c: 4096, dk: "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9" },
]);

function ownerAuth(store = new MemoryStore(), clock = now): OwnerAuth {
  return new OwnerAuth({ store, clock, random: testRandom(), yieldFn: noYield });
}

/** `count` wrong logins through the API, then the status of one more (with the right password). */
async function failLogins(f: WebFixture, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await f.send("POST", "/api/login", { body: JSON.stringify({ password: `wrong-${i}-password` }), headers: { cookie: "" } })).status);
  return statuses;
}

async function apiLogin(f: WebFixture, password: string) {
  return f.send("POST", "/api/login", { body: JSON.stringify({ password }), headers: { cookie: "" } });
}

async function newToken(f: WebFixture, name: string): Promise<string> {
  return (JSON.parse(f.api("POST", "/api/tokens", { name }).body) as { token: string }).token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, cookie: "", "content-type": "application/json" });

export const AUTH_CASES: readonly WebCase[] = Object.freeze([
  {
    name: "PBKDF2-HMAC-SHA256 gives the RFC 7914 / OpenSSL vectors, in slices of any size, yielding between them",
    async run(): Promise<Outcome> {
      const got: string[] = [];
      let yields = 0;
      for (const v of PBKDF2_VECTORS) {
        const prf = NOBLE_AUTH_PRIMITIVES.keyedPrf(utf8Encode(v.p));
        const dk = await pbkdf2Sliced({ prf, salt: utf8Encode(v.s), iterations: v.c, keyBytes: v.dk.length / 2, sliceIterations: 7, yieldFn: async () => void yields++ });
        prf.destroy();
        got.push(bytesToHex(dk));
      }
      // 4096 calls in slices of 7: a yield before calls 8, 15, … → floor(4095 / 7) = 585 per block.
      return { actual: [got, yields], expected: [PBKDF2_VECTORS.map((v) => v.dk), 585 * 3] };
    },
  },
  {
    name: "a stored password record names its algorithm and parameters; the right password verifies, a wrong one does not",
    async run(): Promise<Outcome> {
      const deps = { primitives: NOBLE_AUTH_PRIMITIVES, random: testRandom(7), yieldFn: noYield };
      const record = await hashPassword(OWNER_PASSWORD, deps);
      const again = await hashPassword(OWNER_PASSWORD, { ...deps, random: testRandom(8) });
      const raised = decodeRecord(utf8Encode(JSON.stringify({ ...record, iterations: 3, hash: bytesToHex(hexToBytes("00".repeat(32))) })));
      return {
        actual: [record.kdf, record.iterations, record.salt.length, record.hash.length, record.salt !== again.salt && record.hash !== again.hash,
          await verifyPassword(OWNER_PASSWORD, record, deps), await verifyPassword("correct horse battery stapler", record, deps), raised?.iterations,
          decodeRecord(utf8Encode('{"v":1,"kdf":"x","iterations":1e9,"salt":"00","hash":"00"}')), JSON.stringify(record).indexOf(OWNER_PASSWORD)],
        expected: ["pbkdf2-hmac-sha256", KDF_PARAMS.iterations, 32, 64, true, true, false, 3, undefined, -1],
      };
    },
  },
  {
    name: "attempt schedule: 5 free failures, then 1 s doubling up to 10 min; a future timestamp waits no longer than the delay",
    run: () => ({
      actual: [[4, 5, 6, 7, 14, 15, 40].map(delayAfter), waitMs({ failures: 6, lastFailureMs: 10_000 }, 11_000), waitMs({ failures: 20, lastFailureMs: 9e15 }, 1000), decodeAttempts(utf8Encode("garbage"), 5).failures > ATTEMPT_LIMITS.freeAttempts],
      expected: [[0, 1000, 2000, 4000, 512_000, 600_000, 600_000], 1000, 600_000, true],
    }),
  },
  {
    name: "sessions: 128-bit ids, at most 8 (the oldest goes), each expires a day after login",
    run() {
      const table = new SessionTable(testRandom(3));
      const first = table.open(0);
      for (let i = 1; i < SESSION_LIMITS.maxSessions; i++) table.open(i);
      const kept = table.find(first.id, 10) !== undefined;
      table.open(100);
      const ninth = table.find(first.id, 101);
      const late = table.open(200);
      return {
        actual: [first.id.length, first.csrfToken !== first.id, kept, ninth, table.count, table.find(late.id, 200 + SESSION_LIMITS.lifetimeMs - 1) !== undefined, table.find(late.id, 200 + SESSION_LIMITS.lifetimeMs), table.find(late.id.slice(0, 31) + "x", 300)],
        expected: [32, true, true, undefined, SESSION_LIMITS.maxSessions, true, undefined, undefined],
      };
    },
  },
  {
    name: "tokens: stored only as hashes, listed without them, bounded to 8, revoked for good",
    run() {
      const store = new MemoryStore();
      const auth = ownerAuth(store);
      const made = auth.createToken("domotique");
      if (!made.ok) throw new Error("token refused");
      const stored = utf8Decode(store.get(AUTH_KEYS.tokens) ?? new Uint8Array(0));
      const found = auth.bearer(made.token);
      const tampered = auth.bearer(made.token.slice(0, -1) + (made.token.endsWith("0") ? "1" : "0"));
      for (let i = 1; i < TOKEN_LIMITS.maxTokens; i++) auth.createToken(`t${i}`);
      const full = auth.createToken("one too many");
      const revoked = auth.revokeToken(made.info.id);
      return {
        actual: [/^dl_[0-9a-f]{8}_[0-9a-f]{32}$/.test(made.token), has(stored, made.token.slice(12)), found?.name, tampered, full.ok ? "ok" : full.reason, Object.keys(auth.tokens()[0]).sort(), revoked, auth.bearer(made.token), auth.createToken("\u0000").ok, auth.createToken(" ").ok],
        expected: [true, false, "domotique", undefined, "full", ["createdMs", "id", "name"], true, undefined, false, false],
      };
    },
  },
  {
    name: "a write without credentials is 401 (API) or the login page (web), and nothing changes: snapshot and store",
    async run(): Promise<Outcome> {
      const f = webFixture();
      await f.login();
      f.session = undefined; // another device on the LAN: no cookie, no token
      const before = [JSON.stringify(f.box.snapshot()), JSON.stringify(f.store.keys().map((k) => [k, Array.from(f.store.get(k) ?? [])]))];
      const api = [
        f.request("POST", "/api/loads/salon/override", { body: '{"override":"on","durationMs":604800000}' }),
        f.request("PUT", "/api/settings", { body: '{"loads":[]}' }),
        f.request("POST", "/api/mode", { body: '{"mode":"HEAT"}', headers: { authorization: "Bearer dl_00000000_00000000000000000000000000000000" } }),
        f.request("GET", "/api/settings"),
      ];
      const web = [f.post("/mode", { mode: "HEAT" }), f.post("/settings", { "loads[0].remove": "on" }), f.post("/loads/salon/override", { override: "on" }), f.request("GET", "/settings")];
      const after = [JSON.stringify(f.box.snapshot()), JSON.stringify(f.store.keys().map((k) => [k, Array.from(f.store.get(k) ?? [])]))];
      return {
        actual: [api.map((r) => r.status), api[0].headers["WWW-Authenticate"], JSON.parse(api[2].body).errors[0].message, web.map((r) => r.status), web.every((r) => has(r.body, 'action="/login"')), after[0] === before[0], after[1] === before[1]],
        expected: [[401, 401, 401, 401], 'Bearer realm="delesteur"', "unknown or revoked token", [401, 401, 401, 401], true, true, true],
      };
    },
  },
  {
    name: "the status stays open without login and shows no form or token; logged in, it carries the session's token",
    async run(): Promise<Outcome> {
      const f = webFixture();
      const open = f.request("GET", "/", { query: { lang: "en" } });
      await f.login();
      const owner = f.request("GET", "/", { query: { lang: "en" } });
      return {
        actual: [open.status, has(open.body, "<form"), has(open.body, 'name="csrf"'), has(open.body, "Log in to make changes"), has(owner.body, `value="${f.session?.csrfToken}"`), has(owner.body, 'action="/mode"')],
        expected: [200, false, false, true, true, true],
      };
    },
  },
  {
    name: "first visit: no password → the settings page asks for one (trust on first use); then it is set and logged in",
    async run(): Promise<Outcome> {
      const f = webFixture();
      const page = f.request("GET", "/settings", { query: { lang: "fr" } });
      const short = await f.send("POST", "/setup-password", { body: formBody({ password: "court", password2: "court", lang: "en" }) });
      const mismatch = await f.send("POST", "/setup-password", { body: formBody({ password: OWNER_PASSWORD, password2: OWNER_PASSWORD + "!", lang: "en" }) });
      const set = await f.send("POST", "/setup-password", { body: formBody({ password: OWNER_PASSWORD, password2: OWNER_PASSWORD, next: "/settings", lang: "en" }) });
      const second = await f.send("POST", "/setup-password", { body: formBody({ password: "another owner!!", password2: "another owner!!", lang: "en" }) });
      const settings = f.request("GET", "/settings", { headers: { cookie: cookieOf(set) ?? "" } });
      return {
        actual: [page.status, has(page.body, 'action="/setup-password"'), has(page.body, "la première personne qui le choisit devient le propriétaire"), short.status, has(short.body, "At least 8 characters."), mismatch.status,
          set.status, set.headers.Location, /^dl_session=[0-9a-f]{32}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=86400$/.test(set.headers["Set-Cookie"] ?? ""), second.status, settings.status, has(settings.body, 'action="/settings"')],
        expected: [401, true, true, 400, true, 400, 303, "/settings?lang=en", true, 409, 200, true],
      };
    },
  },
  {
    name: "wrong password refused (401, no cookie); brute force slowed: after 5 failures the next check waits (429), also across a restart",
    async run(): Promise<Outcome> {
      const f = webFixture();
      await f.login();
      const wrong = await failLogins(f, 5);
      const early = await apiLogin(f, OWNER_PASSWORD); // the right password, but inside the wait: not even checked
      const rebooted = webFixture("2026-01-14T09:00:00+01:00", undefined, f.store); // a new box on the same store, same instant
      const afterRestart = await apiLogin(rebooted, OWNER_PASSWORD);
      const page = rebooted.request("GET", "/login", { query: { lang: "en" } });
      rebooted.time.advance(1000);
      const waited = await apiLogin(rebooted, OWNER_PASSWORD);
      return {
        actual: [wrong, JSON.parse(early.body).retryAfterMs, early.status, early.headers["Retry-After"], cookieOf(early), afterRestart.status, has(page.body, "next try possible in 1 s"), has(page.body, "Failed attempts since the last login: 5"), waited.status, rebooted.store.get(AUTH_KEYS.attempts)],
        expected: [[401, 401, 401, 401, 401], 1000, 429, "1", undefined, 429, true, true, 200, undefined],
      };
    },
  },
  {
    name: "the wait doubles with each failure and a web login during it gets the login page saying how long (429)",
    async run(): Promise<Outcome> {
      const f = webFixture();
      await f.login();
      await failLogins(f, 5);
      f.time.advance(1000);
      const sixth = await apiLogin(f, "still wrong password");
      const tooSoon = await f.send("POST", "/login", { body: formBody({ password: OWNER_PASSWORD, lang: "en" }), headers: { cookie: "" } });
      f.time.advance(2000);
      const ok = await f.send("POST", "/login", { body: formBody({ password: OWNER_PASSWORD, lang: "en", next: "/account" }), headers: { cookie: "" } });
      return {
        actual: [sixth.status, JSON.parse(sixth.body).retryAfterMs, tooSoon.status, has(tooSoon.body, "next try possible in 2 s"), ok.status, ok.headers.Location, cookieOf(ok) !== undefined],
        expected: [401, 2000, 429, true, 303, "/account?lang=en", true],
      };
    },
  },
  {
    name: "a bearer token works for the API, is listed without its secret, then revoked → 401",
    async run(): Promise<Outcome> {
      const f = await ownerFixture();
      const token = await newToken(f, "domotique");
      const heat = f.request("POST", "/api/mode", { body: '{"mode":"HEAT"}', headers: bearer(token) });
      const list = f.request("GET", "/api/tokens", { headers: bearer(token) });
      const minted = f.request("POST", "/api/tokens", { body: '{"name":"more"}', headers: bearer(token) });
      const id = (JSON.parse(list.body) as { tokens: { id: string }[] }).tokens[0].id;
      const revoked = f.api("DELETE", `/api/tokens/${id}`);
      const after = f.request("POST", "/api/mode", { body: '{"mode":"AUTO"}', headers: bearer(token) });
      return {
        actual: [heat.status, f.box.snapshot()?.mode, has(list.body, token), has(list.body, "domotique"), minted.status, revoked.status, after.status, JSON.parse(after.body).errors[0].message, f.box.snapshot()?.mode],
        expected: [200, "HEAT", false, true, 403, 200, 401, "unknown or revoked token", "HEAT"],
      };
    },
  },
  {
    name: "the access page creates a token (shown once), lists it and revokes it",
    async run(): Promise<Outcome> {
      const f = await ownerFixture();
      const created = f.post("/account/tokens", { name: "Home Assistant" });
      const token = /<code class="token" id="new-token">([^<]+)<\/code>/.exec(created.body)?.[1] ?? "";
      const page = f.request("GET", "/account", { query: { lang: "en" } });
      const id = /data-token="([0-9a-f]{8})"/.exec(page.body)?.[1] ?? "";
      const works = f.request("GET", "/api/settings", { headers: bearer(token) }).status;
      const revoke = f.post(`/account/tokens/${id}/revoke`, {});
      return {
        actual: [created.status, token.startsWith("dl_"), has(page.body, token), has(page.body, "Home Assistant"), works, revoke.status, revoke.headers.Location, f.request("GET", "/api/settings", { headers: bearer(token) }).status],
        expected: [200, true, false, true, 200, 303, "/account?lang=en&notice=revoked", 401],
      };
    },
  },
  {
    name: "a password change needs the current password and revokes every session and token; the changer gets a new session",
    async run(): Promise<Outcome> {
      const f = await ownerFixture();
      const otherPhone = await apiLogin(f, OWNER_PASSWORD);
      const phoneCookie = cookieOf(otherPhone) ?? "";
      const token = await newToken(f, "script");
      const oldCookie = f.session?.cookie ?? "";
      const wrong = await f.send("POST", "/account/password", { body: formBody({ csrf: f.session?.csrfToken ?? "", current: "not the password", password: "a brand new passphrase", password2: "a brand new passphrase", lang: "en" }) });
      const changed = await f.send("POST", "/account/password", { body: formBody({ csrf: f.session?.csrfToken ?? "", current: OWNER_PASSWORD, password: "a brand new passphrase", password2: "a brand new passphrase", lang: "en" }) });
      const fresh = cookieOf(changed) ?? "";
      return {
        actual: [wrong.status, has(wrong.body, "Wrong password."), changed.status, changed.headers.Location,
          f.request("GET", "/settings", { headers: { cookie: oldCookie } }).status, f.request("GET", "/settings", { headers: { cookie: phoneCookie } }).status,
          f.request("GET", "/api/settings", { headers: bearer(token) }).status, f.request("GET", "/settings", { headers: { cookie: fresh } }).status,
          (await apiLogin(f, OWNER_PASSWORD)).status, (await apiLogin(f, "a brand new passphrase")).status],
        expected: [401, true, 303, "/account?lang=en&notice=password", 401, 401, 401, 200, 401, 200],
      };
    },
  },
  {
    name: "API password change: wrong current is 401; a good one answers the revoked counts and a new session",
    async run(): Promise<Outcome> {
      const f = await ownerFixture();
      await newToken(f, "a");
      const wrong = await f.send("POST", "/api/password", { body: '{"current":"nope nope nope","password":"0123456789"}', headers: { "x-csrf-token": f.session?.csrfToken ?? "" } });
      const short = await f.send("POST", "/api/password", { body: `{"current":"${OWNER_PASSWORD}","password":"short"}`, headers: { "x-csrf-token": f.session?.csrfToken ?? "" } });
      const ok = await f.send("POST", "/api/password", { body: `{"current":"${OWNER_PASSWORD}","password":"0123456789"}`, headers: { "x-csrf-token": f.session?.csrfToken ?? "" } });
      return {
        actual: [wrong.status, JSON.parse(wrong.body).errors[0].field, short.status, ok.status, JSON.parse(ok.body).revoked, cookieOf(ok) !== undefined],
        // Two sessions: the first-password page logged the fixture in, then its API login opened a second one.
        expected: [401, "current", 400, 200, { sessions: 2, tokens: 1 }, true],
      };
    },
  },
  {
    name: "logout ends the session (web form and API); the cookie is cleared and no longer works",
    async run(): Promise<Outcome> {
      const f = await ownerFixture();
      const cookie = f.session?.cookie ?? "";
      const out = f.post("/logout", {});
      const after = f.request("GET", "/settings", { headers: { cookie } });
      await f.login();
      const apiOut = f.api("POST", "/api/logout");
      return {
        actual: [out.status, out.headers["Set-Cookie"], after.status, apiOut.status, f.api("PUT", "/api/settings", { heatDurationMs: 3_600_000 }).status],
        expected: [303, "dl_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0", 401, 200, 401],
      };
    },
  },
  {
    name: "factory reset clears the password, the tokens and the failure counter: the next visitor chooses a password",
    async run(): Promise<Outcome> {
      const f = await ownerFixture();
      await newToken(f, "script");
      await failLogins(f, 2);
      const before = f.store.keys().filter((k) => k.startsWith("auth."));
      factoryReset(f.store);
      const reset = webFixture("2026-01-14T09:00:00+01:00", undefined, f.store);
      return {
        actual: [before, f.store.keys().filter((k) => k.startsWith("auth.")), reset.auth.hasPassword(), reset.auth.tokens(), reset.auth.attemptState().failures, has(reset.request("GET", "/login").body, 'action="/setup-password"')],
        expected: [[AUTH_KEYS.attempts, AUTH_KEYS.password, AUTH_KEYS.tokens].sort(), [], false, [], 0, true],
      };
    },
  },
  {
    name: "one password check at a time: a second login while one runs is told to retry (429), not queued",
    async run(): Promise<Outcome> {
      const f = webFixture();
      await f.login();
      const first = apiLogin(f, OWNER_PASSWORD);
      const second = await apiLogin(f, OWNER_PASSWORD);
      return { actual: [second.status, JSON.parse(second.body).retryAfterMs, (await first).status], expected: [429, 1000, 200] };
    },
  },
  {
    name: "a repeated Host header is refused (400); the item-7 host names are refused (403); the box's mDNS name is served",
    run() {
      const f = webFixture();
      const statusOf = (host: string) => f.request("GET", "/api/status", { headers: { host } }).status;
      // As lib/http parses "Host: 192.168.1.20\r\nHost: evil.example": the last value, and the name flagged as repeated.
      const twice = routeWebRequest({ method: "GET", path: "/api/status", query: {}, headers: { host: "evil.example" }, repeated: ["host"], body: new Uint8Array(0) }, f.context);
      const twiceOurs = routeWebRequest({ method: "GET", path: "/api/status", query: {}, headers: { host: "192.168.1.20" }, repeated: ["host"], body: new Uint8Array(0) }, f.context);
      return {
        actual: [["[evil.example]", "evil.local", "127.0.0.1:1@evil.example", "192.168.1.20:0"].map(statusOf), statusOf("delesteur.local"), statusOf("[::1]:8080"), (twice as { status: number }).status, (twiceOurs as { status: number }).status],
        expected: [[403, 403, 403, 403], 200, 200, 400, 400],
      };
    },
  },
]);
