// A real Device (real Controller, memory store, virtual time) behind the web page's routes, for jest and the XS lane.
// Node-free: no node:* import, so test/xs/web.xs.ts runs the same fixture on XS.
import type { HttpRequest } from "../../lib/http";
import { utf8Encode } from "../../lib/bytes";
import type { Random } from "../../hal/types";
import { OwnerAuth } from "../../src/auth/owner-auth";
import type { Device } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { bodyText } from "../../src/net/text-response";
import { deviceWebBox, type WebBox } from "../../src/web/box";
import { routeWebRequest, type WebContext, type WebResponse } from "../../src/web/routes";
import { reading, type ReadingSpec } from "../app/readings";
import type { VirtualTime } from "../../host-sim/virtual-time";
import { virtualBox } from "../device/virtual-box";

/** A response with its body as one string, whether the route gave it whole or in pieces. */
export type PageResponse = Omit<WebResponse, "body"> & { body: string };

export const HOST = "192.168.1.20:8080";
export const MDNS_NAME = "delesteur.local";
export const HOSTILE_NAME = `<script>alert("x")</script>&'`;
/** The owner's password in every test that logs in. */
export const OWNER_PASSWORD = "correct horse battery staple";

export const WEB_LOADS = Object.freeze([
  Object.freeze({ id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 }),
  Object.freeze({ id: "chauffe-eau", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 }),
]);

export interface RequestOptions {
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface WebFixture {
  box: WebBox;
  device: Device;
  time: VirtualTime;
  store: MemoryStore;
  auth: OwnerAuth;
  context: WebContext;
  /** The fixture's browser session once logged in: its cookie header and CSRF token. */
  session: { cookie: string; csrfToken: string } | undefined;
  frame(spec: ReadingSpec): void;
  /** A request to a route that answers at once (no password check); carries the session cookie once logged in. */
  request(method: string, path: string, options?: RequestOptions): PageResponse;
  /** Any request, including login and password changes (which answer after their sliced check). */
  send(method: string, path: string, options?: RequestOptions): Promise<PageResponse>;
  /** A form POST as the page's own forms send it: the session's CSRF token, the page's language. */
  post(path: string, fields: Record<string, string>): PageResponse;
  /** A JSON API call with the session cookie and its X-CSRF-Token header. */
  api(method: string, path: string, value?: unknown): PageResponse;
  /** Log in as the owner through the real routes, first setting the password on a box that has none. */
  login(password?: string): Promise<void>;
}

export function formBody(fields: Record<string, string>): string {
  return Object.keys(fields)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(fields[k])}`)
    .join("&");
}

/** Deterministic bytes (xorshift32) for tests only: sessions and tokens differ, runs repeat. */
export function testRandom(seed = 0x9e3779b9): Random {
  let x = seed >>> 0 || 1;
  return {
    fill(bytes) {
      for (let i = 0; i < bytes.length; i++) {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        bytes[i] = x & 0xff;
      }
      return bytes;
    },
  };
}

/** The cookie pair a Set-Cookie header sets ("dl_session=…"), or undefined. */
export function cookieOf(response: { headers: Record<string, string> }): string | undefined {
  const header = response.headers["Set-Cookie"];
  return header === undefined ? undefined : header.split(";")[0];
}

/** A box at `atIso` (French time) with two loads, read one meter frame of `spec`. */
export function webFixture(atIso = "2026-01-14T09:00:00+01:00", spec: ReadingSpec = { colour: "blue", period: "hp", powerVA: 1500 }, store = new MemoryStore()): WebFixture {
  const { device, time, core } = virtualBox({ atIso, defaultLoads: WEB_LOADS, store });
  device.start();
  const box = deviceWebBox(device, time, core.settings);
  const auth = new OwnerAuth({ store, clock: time, random: testRandom(), yieldFn: () => Promise.resolve() });
  const context: WebContext = { box, auth, names: { mdnsName: MDNS_NAME } };
  const toRequest = (method: string, path: string, options: RequestOptions): HttpRequest => ({
    method,
    path,
    query: options.query ?? {},
    headers: { host: HOST, ...(fixture.session !== undefined ? { cookie: fixture.session.cookie } : {}), ...(options.headers ?? {}) },
    body: utf8Encode(options.body ?? ""),
  });
  const flat = (response: WebResponse): PageResponse => ({ ...response, body: bodyText(response.body) });
  const fixture: WebFixture = {
    box,
    device,
    time,
    store,
    auth,
    context,
    session: undefined,
    frame: (s) => device.dispatch({ type: "tic-frame", reading: reading(s) }),
    request(method, path, options = {}) {
      const answer = routeWebRequest(toRequest(method, path, options), context);
      if (answer instanceof Promise) throw new Error(`${method} ${path} answers later: use send()`);
      return flat(answer);
    },
    async send(method, path, options = {}) {
      return flat(await routeWebRequest(toRequest(method, path, options), context));
    },
    post(path, fields) {
      const form = { csrf: fixture.session?.csrfToken ?? "", lang: "en", ...fields };
      return fixture.request("POST", path, { body: formBody(form), headers: { "content-type": "application/x-www-form-urlencoded" } });
    },
    api(method, path, value) {
      const headers: Record<string, string> = { "content-type": "application/json", "x-csrf-token": fixture.session?.csrfToken ?? "" };
      return fixture.request(method, path, { body: value === undefined ? "" : JSON.stringify(value), headers });
    },
    async login(password = OWNER_PASSWORD) {
      if (!auth.hasPassword()) {
        const first = await fixture.send("POST", "/setup-password", { body: formBody({ password, password2: password }) });
        if (first.status !== 303) throw new Error(`first password refused: ${first.status}`);
      }
      const r = await fixture.send("POST", "/api/login", { body: JSON.stringify({ password }), headers: { cookie: "" } });
      const cookie = cookieOf(r);
      if (r.status !== 200 || cookie === undefined) throw new Error(`login refused: ${r.status} ${r.body}`);
      fixture.session = { cookie, csrfToken: (JSON.parse(r.body) as { csrfToken: string }).csrfToken };
    },
  };
  fixture.frame(spec);
  return fixture;
}

/** A fixture already logged in as the owner. */
export async function ownerFixture(atIso?: string, spec?: ReadingSpec, store?: MemoryStore): Promise<WebFixture> {
  const f = webFixture(atIso, spec, store);
  await f.login();
  return f;
}
