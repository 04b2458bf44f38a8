// Robustness over real loopback TCP: garbage on one connection closes that connection only, while a paired
// hap-controller session keeps working; and ≥8 verified sessions at once.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { startHomeKit, type HomeKitHandle } from "../../host-sim/homekit";
import { FakeBinding } from "../homekit/support/fake-binding";
import { HttpClient, waitFor } from "../homekit/support/hap-client";

const CODE = "314-15-926";
const silent = { log: () => undefined };

interface RawReply {
  bytes: Buffer;
  closed: boolean;
}

/** True once `bytes` holds `count` complete HTTP responses (by Content-Length). */
function hasResponses(bytes: Buffer, count: number): boolean {
  let at = 0;
  for (let n = 0; n < count; n++) {
    const headEnd = bytes.indexOf("\r\n\r\n", at);
    if (headEnd < 0) return false;
    const length = /Content-Length: (\d+)/i.exec(bytes.subarray(at, headEnd).toString("latin1"));
    at = headEnd + 4 + (length ? Number(length[1]) : 0);
    if (at > bytes.length) return false;
  }
  return true;
}

/**
 * Send bytes on a fresh connection; collect what comes back until the server closes, `expectResponses`
 * complete responses have arrived, or `waitMs` passes.
 */
function rawExchange(port: number, payload: Uint8Array, waitMs = 400, expectResponses = Infinity): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      if (hasResponses(Buffer.concat(chunks), expectResponses)) finish();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.on("connect", () => socket.write(payload));
  });
}

describe("HomeKit server under garbage", () => {
  let dir: string;
  let hk: HomeKitHandle;
  let pairingData: unknown;
  let keeper: HttpClient;
  const clients: HttpClient[] = [];

  const keeperStillWorks = async () => {
    const read = (await keeper.getCharacteristics(["1.12"])) as { characteristics: { value: unknown }[] };
    expect(read.characteristics[0].value).toBe(3);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hap-fuzz-"));
    hk = await startHomeKit({ port: 0, bind: "127.0.0.1", stateDir: dir, setupCode: CODE, mdns: false, binding: new FakeBinding(), logger: silent, print: () => undefined, pollIntervalMs: 0 });
    const pairer = new HttpClient(hk.deviceId, "127.0.0.1", hk.port);
    await pairer.pairSetup(CODE);
    pairingData = pairer.getLongTermData();
    keeper = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairingData as never, { usePersistentConnections: true });
    clients.push(pairer, keeper);
    await keeperStillWorks();
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await hk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ["binary junk with a blank line", Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10])],
    ["not HTTP", Buffer.from("HELLO WORLD\r\n\r\n")],
    ["bad header", Buffer.from("GET /accessories HTTP/1.1\r\nno colon here\r\n\r\n")],
    ["chunked body", Buffer.from("PUT /characteristics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")],
    ["huge Content-Length", Buffer.from("POST /pair-setup HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n")],
    ["endless header", Buffer.from("GET / HTTP/1.1\r\nX: " + "a".repeat(10000))],
  ])("malformed HTTP (%s) → 400 and that connection closed; the paired session keeps working", async (_name, payload) => {
    const reply = await rawExchange(hk.port, payload, 2000);
    expect(reply.closed).toBe(true);
    expect(reply.bytes.toString("latin1")).toMatch(/^HTTP\/1\.1 400 /);
    await keeperStillWorks();
  });

  test("plaintext on protected routes → 470, connection stays usable (pipelined answers in order)", async () => {
    const reply = await rawExchange(
      hk.port,
      Buffer.from("GET /accessories HTTP/1.1\r\n\r\nGET /characteristics?id=1.12 HTTP/1.1\r\n\r\nPOST /identify HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /nothing HTTP/1.1\r\n\r\n"),
      300,
    );
    const statuses = reply.bytes.toString("latin1").match(/HTTP\/1\.1 (\d+)/g);
    expect(statuses).toEqual(["HTTP/1.1 470", "HTTP/1.1 470", "HTTP/1.1 400", "HTTP/1.1 404"]);
    expect(reply.closed).toBe(false);
  });

  test("property: random bytes never take the server down; other sessions keep working", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), async (bytes) => {
        await rawExchange(hk.port, bytes, 60);
      }),
      { numRuns: 40 },
    );
    await keeperStillWorks();
    await waitFor(() => hk.server.connectionCount <= 2, "fuzz connections to be gone");
  });

  test("malformed TLV on /pair-setup and /pair-verify → an error TLV, never a crash or a hang", async () => {
    const bodies = fc.sample(fc.uint8Array({ maxLength: 80 }), { numRuns: 25, seed: 42 });
    for (const [route, body] of bodies.flatMap((b) => [["/pair-setup", b], ["/pair-verify", b]] as const)) {
      const head = Buffer.from(`POST ${route} HTTP/1.1\r\nContent-Type: application/pairing+tlv8\r\nContent-Length: ${body.length}\r\n\r\n`);
      const reply = await rawExchange(hk.port, Buffer.concat([head, Buffer.from(body)]), 3000, 1);
      const text = reply.bytes.toString("latin1");
      expect(text).toMatch(/^HTTP\/1\.1 200 /);
      const payload = reply.bytes.subarray(reply.bytes.indexOf("\r\n\r\n") + 4);
      // TLV: State item then an Error item (type 7).
      expect(Array.from(payload.subarray(0, 1))).toEqual([6]);
      expect(Array.from(payload)).toContain(7);
    }
    await keeperStillWorks();
  });

  test("garbage after pair-verify (bad frame) closes that session only", async () => {
    const victim = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairingData as never, { usePersistentConnections: true });
    clients.push(victim);
    await victim.getAccessories();
    const connection = (victim as unknown as { _defaultConnection: { socket: net.Socket; on(e: string, f: () => void): void } })._defaultConnection;
    let disconnected = false;
    connection.on("disconnect", () => (disconnected = true));
    connection.socket.write(Buffer.from([0x10, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]));
    await waitFor(() => disconnected, "the server to drop the forged session");
    await keeperStillWorks();
  });

  test("a well-encrypted frame carrying bad HTTP closes that session only", async () => {
    const victim = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairingData as never, { usePersistentConnections: true });
    clients.push(victim);
    await victim.getAccessories();
    const connection = (victim as unknown as {
      _defaultConnection: { socket: net.Socket; _encryptData(d: Buffer): Buffer; on(e: string, f: () => void): void };
    })._defaultConnection;
    let disconnected = false;
    connection.on("disconnect", () => (disconnected = true));
    connection.socket.write(connection._encryptData(Buffer.from("BREW /coffee HTCPCP/1.0\r\n\r\n")));
    await waitFor(() => disconnected, "the server to drop the session with bad HTTP");
    await keeperStillWorks();
  });

  test("10 verified sessions at once all read and write", async () => {
    const many = Array.from({ length: 10 }, () => new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairingData as never, { usePersistentConnections: true }));
    clients.push(...many);
    await Promise.all(many.map((c) => c.getAccessories()));
    expect(hk.server.connectionCount).toBeGreaterThanOrEqual(10);
    const reads = await Promise.all(many.map((c) => c.getCharacteristics(["1.12", "1.13"])));
    for (const r of reads) expect((r as { characteristics: unknown[] }).characteristics).toHaveLength(2);
    await Promise.all(many.map((c, i) => c.setCharacteristics({ "1.14": 15 + i })));
    for (const c of many) await c.close();
    await keeperStillWorks();
  });
});
