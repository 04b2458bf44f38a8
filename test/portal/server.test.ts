// CaptivePortal over real loopback sockets (hal/node tcp + udp) with a virtual clock and timers.
import { randomFillSync } from "node:crypto";
import * as net from "node:net";
import fc from "fast-check";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { createNodeUdpNetwork } from "../../hal/node/udp";
import { SimulatedWifi, DEFAULT_SIMULATED_NETWORKS } from "../../hal/node/wifi-sim";
import type { Clock, TimerHandle, Timers } from "../../hal/types";
import { utf8Decode } from "../../lib/bytes";
import { MemoryStore } from "../../src/device/memory-store";
import { portalHomeKitHooks } from "../../src/portal/homekit-hooks";
import { CaptivePortal, PORTAL_DEFAULTS, type PortalCloseReason } from "../../src/portal/server";
import { PORTAL_KEYS } from "../../src/portal/settings";
import { createCore } from "../../src/device/core";
import { AUTH_KEYS, OwnerAuth } from "../../src/auth/owner-auth";
import { decodeRecord } from "../../src/auth/password-hash";

class VirtualTime implements Clock, Timers {
  private now = 1_700_000_000_000;
  private next = 1;
  private pending = new Map<number, { atMs: number; callback: () => void; periodMs?: number }>();
  nowMs(): number {
    return this.now;
  }
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.next++;
    this.pending.set(id, { atMs: this.now + delayMs, callback });
    return id;
  }
  setInterval(callback: () => void, periodMs: number): TimerHandle {
    const id = this.next++;
    this.pending.set(id, { atMs: this.now + periodMs, callback, periodMs });
    return id;
  }
  clear(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }
  /** Move time forward, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let dueId = -1;
      let due: { atMs: number; callback: () => void; periodMs?: number } | undefined;
      for (const [id, t] of this.pending) if (t.atMs <= end && (due === undefined || t.atMs < due.atMs)) [dueId, due] = [id, t];
      if (due === undefined) break;
      this.now = Math.max(this.now, due.atMs);
      if (due.periodMs !== undefined) due.atMs += due.periodMs;
      else this.pending.delete(dueId);
      due.callback();
    }
    this.now = end;
  }
}

const IDLE_MS = PORTAL_DEFAULTS.idleCloseMs;
let time: VirtualTime;
let store: MemoryStore;
let portal: CaptivePortal;
let closedWith: PortalCloseReason[];
let restarts: string[];

/** Send raw bytes, collect everything until the server closes (bounded). */
function exchange(bytes: string | Buffer, port = portal.httpPort!, halfClose = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error("no close from server"));
    }, 5000);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(guard);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    if (halfClose) socket.end(bytes);
    else socket.write(bytes);
  });
}

function get(path: string, host = "127.0.0.1"): Promise<string> {
  return exchange(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept-Language: fr-FR\r\n\r\n`);
}

/** A save hashes the owner password in slices that yield on 0 ms timers: the virtual clock runs those meanwhile. */
async function post(body: string): Promise<string> {
  const pump = setInterval(() => time.advance(0), 1);
  try {
    return await exchange(`POST /save HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  } finally {
    clearInterval(pump);
  }
}

beforeEach(async () => {
  time = new VirtualTime();
  store = new MemoryStore();
  closedWith = [];
  restarts = [];
  const random = { fill: (b: Uint8Array) => randomFillSync(b) };
  portal = new CaptivePortal(
    {
      tcp: new NodeTcpNetwork(),
      udp: createNodeUdpNetwork(),
      wifi: new SimulatedWifi({ networks: [...DEFAULT_SIMULATED_NETWORKS] }),
      store,
      system: { restart: (reason) => restarts.push(reason) },
      clock: time,
      timers: time,
      random,
      logger: { log: () => undefined },
      ...portalHomeKitHooks(store, random),
    },
    { boxAddress: "127.0.0.1", httpPort: 0, dnsPort: 0, bind: "127.0.0.1", onClosed: (r) => closedWith.push(r) },
  );
  await portal.start();
});
afterEach(() => portal.close());

test("OS probe URLs and foreign hosts redirect (302) to the portal", async () => {
  const location = `Location: http://127.0.0.1:${portal.httpPort}/`;
  for (const path of ["/hotspot-detect.html", "/generate_204", "/connecttest.txt", "/ncsi.txt"]) {
    const reply = await get(path);
    expect(reply).toMatch(/^HTTP\/1\.1 302 Found\r\n/);
    expect(reply).toContain(location);
  }
  for (const host of ["captive.apple.com", "connectivitycheck.gstatic.com", "www.msftconnecttest.com"]) {
    expect(await get("/anything", host)).toContain(location);
  }
});

test("the page lists the scan strongest first and proposes a valid code with its QR", async () => {
  const reply = await get("/");
  expect(reply).toMatch(/^HTTP\/1\.1 200 OK/);
  const order = ["Maison", "Bbox-Voisin", "Livebox-7A2C", "FreeWifi_secure", "Café du coin"].map((s) => reply.indexOf(`value="${s}"`));
  expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  expect(reply).not.toContain("Grenier"); // hidden network: typed by hand
  expect(reply).toMatch(/name="code"[^>]*value="\d{3}-\d{2}-\d{3}"/);
  expect(reply).toContain("<svg");
});

const OWNER = "owner_pw=phrase+du+proprio&owner_pw2=phrase+du+proprio";

test("a valid form is stored, the saved page says what happens next, then the box restarts", async () => {
  const reply = await post(`ssid=Maison&psk=correct+horse+battery&code=314-15-926&tic=standard&ap_psk=nouveau-mdp&ap_psk2=nouveau-mdp&${OWNER}`);
  expect(reply).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(reply).toContain("Maison");
  expect(reply).not.toContain("correct horse battery");
  expect(reply).not.toContain("nouveau-mdp");
  expect(reply).not.toContain("phrase du proprio");
  const text = (key: string) => utf8Decode(store.get(key)!);
  expect([text(PORTAL_KEYS.wifiSsid), text(PORTAL_KEYS.wifiPassword), text(PORTAL_KEYS.setupCode), text(PORTAL_KEYS.ticMode), text(PORTAL_KEYS.apPassword)]).toEqual([
    "Maison",
    "correct horse battery",
    "314-15-926",
    "standard",
    "nouveau-mdp",
  ]);
  // The owner password is at rest only as its salted hash, and the web page's login takes it.
  const record = decodeRecord(store.get(AUTH_KEYS.password)!);
  expect(record?.kdf).toBe("pbkdf2-hmac-sha256");
  expect(utf8Decode(store.get(AUTH_KEYS.password)!)).not.toContain("proprio");
  const auth = new OwnerAuth({ store, clock: time, random: { fill: (b) => randomFillSync(b) }, yieldFn: () => Promise.resolve() });
  expect((await auth.login("phrase du proprio")).ok).toBe(true);
  expect(restarts).toEqual([]);
  time.advance(PORTAL_DEFAULTS.restartDelayMs);
  expect(restarts).toEqual(["provisioned"]);
  expect(closedWith).toEqual(["saved"]);
});

test("the MQTT section over a real socket: stored for the next boot, which runs with it; its password never shown", async () => {
  const reply = await post(`ssid=Maison&psk=correct+horse+battery&code=314-15-926&${OWNER}&mqtt_url=mqtt%3A%2F%2F192.168.1.10%3A1883&mqtt_user=ha&mqtt_pw=mqtt-s3cret&mqtt_prefix=`);
  expect(reply).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(reply).not.toContain("mqtt-s3cret");
  expect(store.get(PORTAL_KEYS.mqttPending)).toBeDefined();
  const core = createCore({ store, logger: { log: () => undefined }, ticMode: "auto" });
  expect(core.settings).toMatchObject({ mqttEnabled: true, mqttUrl: "mqtt://192.168.1.10:1883", mqttUser: "ha", mqttPassword: "mqtt-s3cret", mqttDiscoveryPrefix: "homeassistant" });
  expect(store.get(PORTAL_KEYS.mqttPending)).toBeUndefined();
  // A bad broker URL: nothing stored, the field named, the typed password not sent back.
  store.delete(PORTAL_KEYS.wifiSsid);
  const refused = await post(`ssid=Maison&psk=correct+horse+battery&code=314-15-926&mqtt_url=mqtt%3A%2F%2Fx%3A99999&mqtt_pw=other-s3cret`);
  expect(refused).toMatch(/^HTTP\/1\.1 400/);
  expect(refused).toContain("<li>Broker MQTT : mqtt://hôte:port");
  expect(refused).not.toContain("other-s3cret");
  expect(store.get(PORTAL_KEYS.wifiSsid)).toBeUndefined();
  expect(store.get(PORTAL_KEYS.mqttPending)).toBeUndefined();
});

test("once the owner has a password the portal no longer asks for it, and a posted one never replaces it", async () => {
  await post(`ssid=Maison&psk=correct+horse+battery&code=314-15-926&${OWNER}`);
  const first = store.get(AUTH_KEYS.password);
  store.delete(PORTAL_KEYS.wifiSsid); // the router is gone: the box reopens its portal later
  expect(await get("/")).not.toContain('name="owner_pw"');
  const again = await post("ssid=Maison&psk=correct+horse+battery&code=314-15-926&owner_pw=une+prise+de+pouvoir&owner_pw2=une+prise+de+pouvoir");
  expect(again).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(store.get(AUTH_KEYS.password)).toEqual(first);
});

test("a first set-up without the owner password, or with an SSID of NULs or spaces only, stores nothing and says why", async () => {
  const noOwner = await post("ssid=Maison&psk=correct+horse+battery&code=314-15-926");
  expect(noOwner).toMatch(/^HTTP\/1\.1 400/);
  expect(noOwner).toContain("Mot de passe du propriétaire : 8 caractères au moins.");
  for (const ssid of ["%00%00%00%00", "+++++", "%20%00%09"]) {
    const reply = await post(`ssid=&ssid_hidden=${ssid}&code=314-15-926&${OWNER}`);
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain("Réseau Wi-Fi : le nom doit contenir au moins un caractère visible");
  }
  expect(store.keys()).toEqual(["hap.setupid"]); // the portal's own HomeKit setup id, made when it opened
});

test("a refused form stores nothing and names the field", async () => {
  const reply = await post(`ssid=Maison&psk=correct+horse+battery&code=123-45-678&${OWNER}`);
  expect(reply).toMatch(/^HTTP\/1\.1 400/);
  expect(reply).toContain("Code HomeKit : ce code est trop simple");
  expect(store.get(PORTAL_KEYS.wifiSsid)).toBeUndefined();
  time.advance(60_000);
  expect(restarts).toEqual([]);
});

test("broken requests close only their own connection; the portal keeps serving", async () => {
  const held = net.connect(portal.httpPort!, "127.0.0.1"); // an honest, slow client mid-request
  await new Promise((r) => held.once("connect", r));
  held.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  const heldReply = new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    held.on("data", (c: Buffer) => chunks.push(c));
    held.on("close", () => resolve(Buffer.concat(chunks).toString()));
  });
  for (const junk of ["\x00\x01\x02garbage\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "BREW /pot HTTP/1.1\r\n\r\n"]) {
    expect(await exchange(junk)).toMatch(/^HTTP\/1\.1 400/);
  }
  expect(await exchange(`GET /${"a".repeat(5000)} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/); // head over 4 KB
  expect(await post("ssid=" + "x".repeat(3000))).toMatch(/^HTTP\/1\.1 400/); // body over 2 KB
  expect(await get("/")).toMatch(/^HTTP\/1\.1 200/);
  held.write("\r\n");
  expect(await heldReply).toMatch(/^HTTP\/1\.1 200/);
  expect(portal.stats.badRequests).toBe(5);
});

test("a stalled request is cut after the request timeout, by the virtual clock", async () => {
  const socket = net.connect(portal.httpPort!, "127.0.0.1");
  const closed = new Promise<void>((r) => socket.on("close", () => r()));
  await new Promise((r) => socket.once("connect", r));
  socket.write("GET / HTTP/1.1\r\n");
  await new Promise((r) => setImmediate(r));
  time.advance(PORTAL_DEFAULTS.requestTimeoutMs);
  await closed;
  expect(portal.stats.timedOut).toBe(1);
});

test("the portal closes itself after 10 minutes without a visitor, counted from the last visit", async () => {
  time.advance(IDLE_MS - 60_000);
  await get("/"); // a visitor at minute 9
  time.advance(IDLE_MS - 1);
  expect(closedWith).toEqual([]);
  time.advance(1);
  expect(closedWith).toEqual(["idle"]);
  expect(await get("/")).toBe(""); // refused: nothing listens any more
});

test("random bytes on fresh connections never take the portal down (fuzz)", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 700 }), fc.boolean(), async (bytes, endHead) => {
      // Half-closed after the bytes, so an incomplete head ends with the client instead of waiting for more.
      const junk = Buffer.concat([Buffer.from(bytes), Buffer.from(endHead ? "\r\n\r\n" : "")]);
      const reply = await exchange(junk, portal.httpPort!, true);
      if (endHead) expect(reply).toMatch(/^HTTP\/1\.1 400 /); // a whole head of junk gets its 400
      else if (reply.length > 0) expect(reply).toMatch(/^HTTP\/1\.1 \d{3} /);
    }),
    { numRuns: 40 },
  );
  expect(await get("/")).toMatch(/^HTTP\/1\.1 200/);
});
