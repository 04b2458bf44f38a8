// Plug protocol cases shared by jest and the XS lane: device answers as Shelly and Tasmota document them, digest
// challenges, RFC 7616's SHA-256 vector, and a whole plug output on an in-memory Shelly. Node-free.
import type { HttpRequest, HttpResult, TimerHandle, Timers } from "../../hal/types";
import { bytesToHex, utf8Encode } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { digestAuthorization, parseDigestChallenge } from "../../src/plugs/digest";
import { HttpPlugTransport } from "../../src/plugs/http-transport";
import { PlugOutput } from "../../src/plugs/plug-output";
import { shellyProtocol } from "../../src/plugs/shelly";
import { parseShellyStatus } from "../../src/plugs/shelly";
import { parseTasmotaEnergy, parseTasmotaPower } from "../../src/plugs/tasmota";

export const SHELLY_STATUS_CASES: readonly { body: string; channel: number; expect: unknown }[] = [
  { body: '{"id":0,"source":"http","output":true,"apower":1480.6,"voltage":231.4,"current":6.4,"aenergy":{"total":1234.5}}', channel: 0, expect: { on: true, powerW: 1480.6 } },
  { body: '{"id":1,"source":"init","output":false,"temperature":{"tC":36.2}}', channel: 1, expect: { on: false } },
  { body: '{"id":0,"output":true,"apower":-0.4}', channel: 0, expect: { on: true, powerW: 0 } },
  { body: '{"id":1,"output":true}', channel: 0, expect: null },
  { body: '{"id":0,"output":"on"}', channel: 0, expect: null },
  { body: '{"code":-105,"message":"Argument \'id\', value 7 not found!"}', channel: 0, expect: null },
  { body: '{"id":0,"outp', channel: 0, expect: null },
  { body: "[true]", channel: 0, expect: null },
  { body: "", channel: 0, expect: null },
];

export const TASMOTA_POWER_CASES: readonly { body: string; relay: number; expect: unknown }[] = [
  { body: '{"POWER":"ON"}', relay: 1, expect: { on: true } },
  { body: '{"POWER1":"OFF"}', relay: 1, expect: { on: false } },
  { body: '{"POWER2":"ON"}', relay: 2, expect: { on: true } },
  { body: '{"POWER":"ON"}', relay: 2, expect: null },
  { body: '{"POWER1":"TOGGLE"}', relay: 1, expect: null },
  { body: '{"Command":"Unknown"}', relay: 1, expect: null },
  { body: '{"WARNING":"Need user=<username>&password=<password>"}', relay: 1, expect: null },
  { body: "<html>", relay: 1, expect: null },
];

export const TASMOTA_ENERGY_CASES: readonly { body: string; relay: number; expect: number | null }[] = [
  { body: '{"StatusSNS":{"Time":"2026-01-15T07:00:00","ENERGY":{"Total":12.3,"Power":1987,"Voltage":230}}}', relay: 1, expect: 1987 },
  { body: '{"StatusSNS":{"ENERGY":{"Power":[12,840]}}}', relay: 2, expect: 840 },
  { body: '{"StatusSNS":{"Time":"2026-01-15T07:00:00"}}', relay: 1, expect: null },
  { body: '{"StatusSNS":{"ENERGY":{"Power":"n/a"}}}', relay: 1, expect: null },
  { body: '{"Status":{"Module":1}}', relay: 1, expect: null },
];

export const CHALLENGE_CASES: readonly { header: string | undefined; expect: unknown }[] = [
  {
    header: 'Digest qop="auth", realm="shellyplusplugs-e8db84d4a1b2", nonce="6548b6a3", algorithm=SHA-256',
    expect: { realm: "shellyplusplugs-e8db84d4a1b2", nonce: "6548b6a3", qop: "auth", algorithm: "SHA-256" },
  },
  {
    header: 'Digest realm="a, \\"b\\"", qop="auth,auth-int", nonce=abc, algorithm=sha-256, opaque="o1"',
    expect: { realm: 'a, "b"', nonce: "abc", qop: "auth", algorithm: "SHA-256", opaque: "o1" },
  },
  { header: 'Digest realm="r", nonce="n", qop="auth"', expect: null }, // MD5 by default: not SHA-256
  { header: 'Digest realm="r", nonce="n", qop="auth-int", algorithm=SHA-256', expect: null },
  { header: 'Basic realm="r"', expect: null },
  { header: 'Digest realm="r", nonce="", qop="auth", algorithm=SHA-256', expect: null },
  { header: 'Digest realm="r" garbage nonce="n", qop="auth", algorithm=SHA-256', expect: null },
  { header: undefined, expect: null },
  { header: `Digest realm="${"r".repeat(2000)}", nonce="n", qop="auth", algorithm=SHA-256`, expect: null },
];

export function runCase<T>(fn: () => T): unknown {
  return JSON.parse(JSON.stringify(fn() ?? null));
}
export const shellyStatusCase = (c: (typeof SHELLY_STATUS_CASES)[number]): unknown => runCase(() => parseShellyStatus(c.body, c.channel));
export const tasmotaPowerCase = (c: (typeof TASMOTA_POWER_CASES)[number]): unknown => runCase(() => parseTasmotaPower(c.body, c.relay));
export const tasmotaEnergyCase = (c: (typeof TASMOTA_ENERGY_CASES)[number]): unknown => parseTasmotaEnergy(c.body, c.relay);
export const challengeCase = (c: (typeof CHALLENGE_CASES)[number]): unknown => runCase(() => parseDigestChallenge(c.header));

/** RFC 7616 §3.9.1, SHA-256: the response the RFC gives for Mufasa / "Circle of Life". */
export const RFC7616_RESPONSE = "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
export function rfc7616Response(): string {
  const header = digestAuthorization({
    challenge: { realm: "http-auth@example.org", nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", qop: "auth", algorithm: "SHA-256", opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS" },
    method: "GET",
    uri: "/dir/index.html",
    password: "Circle of Life",
    nonceCount: 1,
    cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
    sha256: NOBLE_AUTH_PRIMITIVES.sha256,
    user: "Mufasa",
  });
  return /response="([0-9a-f]+)"/.exec(header)?.[1] ?? header;
}

/** Timers run by hand: `run()` fires what is due in order, as a virtual clock would. */
class HandTimers implements Timers {
  nowMs = 0;
  private queue: { atMs: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.queue.push({ atMs: this.nowMs + delayMs, fn, id });
    return id;
  }
  setInterval(): TimerHandle {
    throw new Error("not used by plug outputs");
  }
  clear(handle: TimerHandle): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  async advance(ms: number): Promise<void> {
    const until = this.nowMs + ms;
    for (;;) {
      await settle();
      this.queue.sort((a, b) => a.atMs - b.atMs);
      const next = this.queue[0];
      if (next === undefined || next.atMs > until) break;
      this.queue.shift();
      this.nowMs = next.atMs;
      next.fn();
    }
    this.nowMs = until;
    await settle();
  }
}
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * A plug output on an in-memory Shelly with a password: the first request meets the 401 challenge, the device then
 * stops answering for a while (each request a "timeout"), and comes back. What the listener heard and the requests.
 */
export async function runShellyOutput(): Promise<{ confirmed: (boolean | null)[]; powers: (number | null)[]; requests: string[]; authorized: number }> {
  const sha = (text: string): string => bytesToHex(NOBLE_AUTH_PRIMITIVES.sha256(utf8Encode(text)));
  const realm = "shellypro1pm-30c6f7a1b2c3";
  const nonce = "65a1b2c3";
  let output = true;
  let down = false;
  let authorized = 0;
  const requests: string[] = [];
  const http = {
    request(r: HttpRequest): Promise<HttpResult> {
      const path = r.url.replace(/^http:\/\/[^/]+/, "");
      requests.push(path);
      if (down) return Promise.resolve({ ok: false, error: { kind: "timeout", message: "no complete answer in time" } });
      const auth = r.headers?.authorization ?? "";
      const m = /response="([0-9a-f]+)".*nc=([0-9a-f]+), cnonce="([0-9a-f]+)"/.exec(auth);
      const expected = m ? sha(`${sha(`admin:${realm}:pw`)}:${nonce}:${m[2]}:${m[3]}:auth:${sha(`GET:${path}`)}`) : "";
      if (!m || m[1] !== expected) {
        return Promise.resolve({ ok: true, response: { status: 401, headers: { "www-authenticate": `Digest qop="auth", realm="${realm}", nonce="${nonce}", algorithm=SHA-256` }, body: "" } });
      }
      authorized++;
      if (path.indexOf("/rpc/Switch.Set?id=0&on=") === 0) {
        const was = output;
        output = path.slice(-4) === "true";
        return Promise.resolve({ ok: true, response: { status: 200, headers: {}, body: `{"was_on":${was}}` } });
      }
      return Promise.resolve({ ok: true, response: { status: 200, headers: {}, body: `{"id":0,"source":"http","output":${output},"apower":${output ? 980.2 : 0}}` } });
    },
  };
  const timers = new HandTimers();
  const transport = new HttpPlugTransport({ http, random: { fill: (b: Uint8Array) => b.fill(7) }, sha256: NOBLE_AUTH_PRIMITIVES.sha256 }, "10.0.0.7", shellyProtocol(0), "pw");
  const plug = new PlugOutput({ timers, logger: { log: () => undefined } }, { label: "salon", wiring: "socket", transport });
  const confirmed: (boolean | null)[] = [];
  const powers: (number | null)[] = [];
  plug.onConfirmed((on) => confirmed.push(on));
  plug.onPower((w) => powers.push(w));
  plug.write(false);
  await timers.advance(10);
  down = true;
  plug.write(true);
  await timers.advance(4_000); // tries at 0, 1 s, 3 s
  down = false;
  await timers.advance(5_000); // the next try, at 7 s, gets through
  await timers.advance(30_000); // the poll: the same state and power, told again (it renews the measurement)
  plug.stop();
  return { confirmed, powers, requests: requests.map((r) => r.replace("/rpc/Switch.", "")), authorized };
}

export const SHELLY_OUTPUT_EXPECTED = {
  confirmed: [false, null, true],
  powers: [980.2, null, 0, 0],
  requests: [
    "Set?id=0&on=true", "Set?id=0&on=true", "GetStatus?id=0", // the challenge, then the answer; the nonce is reused
    "Set?id=0&on=false", "Set?id=0&on=false", "Set?id=0&on=false", // down: 0 s, 1 s, 3 s
    "Set?id=0&on=false", "GetStatus?id=0", // back at 7 s
    "GetStatus?id=0", // the poll, 30 s later
  ],
  authorized: 5,
};
