// mDNS on the loopback interface only: ciao announces _hap._tcp with our TXT record, read back with `dig`
// (a real resolver, installed by scripts/system-deps.sh); pairing flips sf to 0 in the announced record.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startHomeKit, type HomeKitHandle } from "../../host-sim/homekit";
import { FakeBinding } from "../homekit/support/fake-binding";
import { HttpClient } from "../homekit/support/hap-client";

const CODE = "271-82-818";
const NAME = `DelesteurTest${process.pid}`;

function dig(name: string, type: string): Promise<string> {
  return new Promise((resolve) => {
    execFile("dig", ["+time=1", "+tries=1", "+short", "-p", "5353", "@127.0.0.1", name, type], { timeout: 3000 }, (_error, stdout) => resolve(stdout ?? ""));
  });
}

/** Query until the answer matches (the responder probes for ~1.5 s before it answers); bounded. */
async function digUntil(name: string, type: string, pattern: RegExp, timeoutMs = 15000): Promise<string> {
  const start = Date.now();
  let last = "";
  while (Date.now() - start < timeoutMs) {
    last = await dig(name, type);
    if (pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${type} answer matching ${pattern} for ${name}; last: ${last}`);
}

describe("HomeKit mDNS advertisement (loopback)", () => {
  let dir: string;
  let hk: HomeKitHandle;
  let client: HttpClient | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hap-mdns-"));
    hk = await startHomeKit({
      port: 0, bind: "127.0.0.1", stateDir: dir, setupCode: CODE, mdns: true, mdnsInterfaces: ["lo"],
      binding: new FakeBinding(), info: { name: NAME }, logger: { log: () => undefined }, print: () => undefined, pollIntervalMs: 0,
    });
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await hk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the service, its port and the TXT record built by our code are answered", async () => {
    await digUntil("_hap._tcp.local", "PTR", new RegExp(`${NAME}\\._hap\\._tcp\\.local`));
    const srv = await digUntil(`${NAME}._hap._tcp.local`, "SRV", /\d+ \d+ \d+ \S+/);
    expect(srv).toContain(` ${hk.port} `);
    const txt = await digUntil(`${NAME}._hap._tcp.local`, "TXT", /sf=1/);
    for (const entry of ["c#=1", "ff=0", `id=${hk.deviceId}`, "pv=1.1", "s#=1", "sf=1", "ci=9"]) expect(txt).toContain(`"${entry}"`);
    expect(txt).toMatch(/"sh=[A-Za-z0-9+/]{6}=="/);
  });

  test("after pairing the announced record says sf=0", async () => {
    client = new HttpClient(hk.deviceId, "127.0.0.1", hk.port);
    await client.pairSetup(CODE);
    const txt = await digUntil(`${NAME}._hap._tcp.local`, "TXT", /sf=0/);
    expect(txt).toContain('"c#=1"');
  });
});
