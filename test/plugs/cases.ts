// Plug protocol cases shared by jest and the XS lane: device answers as Shelly and Tasmota document them, digest
// challenges, RFC 7616's SHA-256 vector, and a whole plug output on an in-memory Shelly. Node-free.
import type { HttpRequest, HttpResult, TimerHandle, Timers } from "../../hal/types";
import { bytesToHex, utf8Encode } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { digestAuthorization, parseDigestChallenge } from "../../src/plugs/digest";
import { plugOutputFor } from "../../src/plugs/factory";
import { HttpPlugTransport } from "../../src/plugs/http-transport";
import { PlugMqttLink } from "../../src/plugs/mqtt-link";
import { shellyResult } from "../../src/plugs/mqtt-transports";
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

/** Shelly RPC answer frames over MQTT as the device publishes them on `<src>/rpc`, and what the plug makes of them. */
export const SHELLY_FRAME_CASES: readonly { frame: string; expect: unknown }[] = [
  { frame: '{"id":7,"src":"shellyplus1pm-a8032ab12345","dst":"delesteur_x","result":{"was_on":false}}', expect: { ok: true, value: { was_on: false } } },
  { frame: '{"id":7,"src":"shellyplus1pm-a8032ab12345","dst":"delesteur_x","error":{"code":-103,"message":"Invalid argument \'on\'!"}}', expect: { ok: false, why: "Shelly error -103: Invalid argument 'on'!" } },
  { frame: `{"id":7,"error":{"code":-105,"message":"${"x".repeat(500)}"}}`, expect: { ok: false, why: `Shelly error -105: ${"x".repeat(80)}` } },
  { frame: '{"id":7,"error":{}}', expect: { ok: false, why: "Shelly error ?" } },
  { frame: '{"id":7,"result":[1]}', expect: { ok: false, why: "unexpected answer to the command" } },
  { frame: '{"id":7}', expect: { ok: false, why: "unexpected answer to the command" } },
];
export const shellyFrameCase = (c: (typeof SHELLY_FRAME_CASES)[number]): unknown => runCase(() => shellyResult(JSON.parse(c.frame) as Record<string, unknown>));

/**
 * A Tasmota and a Shelly over MQTT on an in-memory broker (the box's channel and both devices in one object, answers
 * 5 ms later): commands and read-backs, Status 8 power, a Shelly error answer then its retry, messages that are not
 * the plugs' own, a Tasmota LWT Offline then Online, a hand on the Tasmota's button, the Shelly silent. What the
 * plugs told, what went on the wire, and what they subscribed.
 */
export async function runMqttPlugs(): Promise<Record<string, unknown>> {
  const timers = new HandTimers();
  const wire: string[] = [];
  const subscribed: string[] = [];
  const relay = { tasmota: false, shelly: false };
  let shellyMode: "ok" | "error" | "silent" = "error";
  const link = new PlugMqttLink(timers);
  const deliver = (topic: string, payload: string): void => {
    timers.setTimeout(() => void link.message(topic, utf8Encode(payload)), 5);
  };
  const channel = {
    clientId: "delesteur_0a0b0c0d0e0f",
    publish(topic: string, payload: string): boolean {
      wire.push(`${topic} ${payload}`);
      if (topic === "cmnd/tasmota_A1/POWER1") {
        if (payload !== "") relay.tasmota = payload === "ON";
        deliver("stat/tasmota_A1/RESULT", `{"POWER":"${relay.tasmota ? "ON" : "OFF"}"}`);
        deliver("stat/tasmota_A1/POWER", relay.tasmota ? "ON" : "OFF");
      } else if (topic === "cmnd/tasmota_A1/STATUS") {
        deliver("stat/tasmota_A1/STATUS8", `{"StatusSNS":{"ENERGY":{"Power":${relay.tasmota ? 1987 : 0}}}}`);
      } else if (topic === "shellyplus1-x/rpc" && shellyMode !== "silent") {
        const frame = JSON.parse(payload) as { id: number; src: string; method: string; params: { on?: boolean } };
        const head = `{"id":${frame.id},"src":"shellyplus1-x","dst":"${frame.src}",`;
        if (shellyMode === "error") deliver(`${frame.src}/rpc`, `${head}"error":{"code":-103,"message":"locked"}}`);
        else if (frame.method === "Switch.Set") {
          const was = relay.shelly;
          relay.shelly = frame.params.on === true;
          deliver(`${frame.src}/rpc`, `${head}"result":{"was_on":${was}}}`);
        } else deliver(`${frame.src}/rpc`, `${head}"result":{"id":0,"output":${relay.shelly},"apower":${relay.shelly ? 12.5 : 0}}}`);
      }
      return true;
    },
    subscribe: (filter: string) => void subscribed.push(filter),
  };
  const deps = { http: { request: () => Promise.reject(new Error("no HTTP here")) }, timers, logger: { log: () => undefined }, random: { fill: (b: Uint8Array) => b }, sha256: NOBLE_AUTH_PRIMITIVES.sha256, mqtt: link };
  const tasmota = plugOutputFor("bureau", { type: "tasmota-mqtt", topic: "tasmota_A1", relay: 1, wiring: "socket" }, deps);
  const shelly = plugOutputFor("salon", { type: "shelly-mqtt", device: "shellyplus1-x", channel: 0, wiring: "contact" }, deps);
  const told: string[] = [];
  tasmota.onConfirmed((on) => told.push(`T ${on}`));
  tasmota.onPower((w) => told.push(`T ${w} W`));
  shelly.onConfirmed((on) => told.push(`S ${on}`));
  tasmota.write(false); // before the session: "not connected", then retried when it is up
  shelly.write(true);
  await timers.advance(10);
  const beforeLink = { tasmota: tasmota.status().error, shelly: shelly.status().error };
  link.online(channel);
  await timers.advance(100);
  const shellyError = shelly.status().error;
  shellyMode = "ok";
  await timers.advance(2_000); // the Shelly's retry, 1 s after its failure
  const notOurs = [link.message("stat/tasmota_A10/RESULT", utf8Encode('{"POWER":"OFF"}')), link.message("delesteur/0a0b0c0d0e0f/mode/set", utf8Encode("HEAT"))];
  link.message("tele/tasmota_A1/LWT", utf8Encode("Offline"));
  // In a fixed key order: the XS lane compares JSON text.
  const shown = (s: ReturnType<typeof tasmota.status>) => ({ reachable: s.reachable, on: s.on, powerW: s.powerW, error: s.error, failures: s.failures });
  const offline = shown(tasmota.status());
  link.message("tele/tasmota_A1/LWT", utf8Encode("Online"));
  await timers.advance(100);
  link.message("tele/tasmota_A1/SENSOR", utf8Encode('{"Time":"2026-01-15T07:00:00","ENERGY":{"Power":2004}}'));
  relay.tasmota = false;
  link.message("stat/tasmota_A1/POWER", utf8Encode("OFF")); // by hand
  await timers.advance(1_100); // sent again after 1 s
  shellyMode = "silent";
  shelly.write(false);
  await timers.advance(3_100);
  const silent = shown(shelly.status());
  tasmota.stop();
  shelly.stop();
  return { beforeLink, shellyError, notOurs, offline, silent, relay, told, wire, subscribed };
}

export const MQTT_PLUGS_EXPECTED = {
  beforeLink: { tasmota: "the box's MQTT link is not connected (settings: MQTT broker)", shelly: "the box's MQTT link is not connected (settings: MQTT broker)" },
  shellyError: "Shelly error -103: locked",
  notOurs: [false, false],
  offline: { reachable: false, on: true, powerW: null, error: "device offline (its MQTT last will)", failures: 1 },
  silent: { reachable: false, on: true, powerW: null, error: "no answer within 3 s", failures: 1 },
  relay: { tasmota: true, shelly: true },
  told: [
    "T null", "T null W", "S null", // not connected yet
    "T false", "T 1987 W", // on, read back by its RESULT, power from STATUS8
    "S true", // the retry after the error answer
    "T null", "T null W", // LWT Offline
    "T false", "T 1987 W", // Online: read at once
    "T 2004 W", // SENSOR telemetry
    "T true", // the hand on the button, told as it is
    "T false", "T 1987 W", // and undone
    "S null", // silent: unreachable after 3 s
  ],
  wire: [
    "cmnd/tasmota_A1/POWER1 ON",
    'shellyplus1-x/rpc {"id":1,"src":"delesteur_0a0b0c0d0e0f","method":"Switch.Set","params":{"id":0,"on":true}}',
    "cmnd/tasmota_A1/STATUS 8",
    'shellyplus1-x/rpc {"id":2,"src":"delesteur_0a0b0c0d0e0f","method":"Switch.Set","params":{"id":0,"on":true}}',
    'shellyplus1-x/rpc {"id":3,"src":"delesteur_0a0b0c0d0e0f","method":"Switch.GetStatus","params":{"id":0}}',
    "cmnd/tasmota_A1/POWER1 ", "cmnd/tasmota_A1/STATUS 8",
    "cmnd/tasmota_A1/POWER1 ON", "cmnd/tasmota_A1/STATUS 8",
    'shellyplus1-x/rpc {"id":4,"src":"delesteur_0a0b0c0d0e0f","method":"Switch.Set","params":{"id":0,"on":false}}',
  ],
  subscribed: ["delesteur_0a0b0c0d0e0f/rpc", "stat/tasmota_A1/+", "tele/tasmota_A1/+", "shellyplus1-x/online", "shellyplus1-x/events/rpc", "shellyplus1-x/status/switch:0"],
};
