// Captive DNS on a real UDP port queried by a real resolver (dig from Debian's dnsutils).
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { createNodeUdpNetwork } from "../../hal/node/udp";
import { CaptiveDnsServer } from "../../src/portal/dns-server";

const run = promisify(execFile);
const BOX = "192.168.4.1";
let server: CaptiveDnsServer;
let port: number;

async function dig(name: string, type = "A"): Promise<string> {
  const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(port), "+time=2", "+tries=1", name, type], { timeout: 10_000 });
  return stdout;
}

function answers(stdout: string): string[] {
  const section = /;; ANSWER SECTION:\n([\s\S]*?)\n\n/.exec(stdout);
  return section ? section[1].split("\n").map((line) => line.trim().split(/\s+/)) .map((f) => `${f[3]} ${f[4]}`) : [];
}

function randomName(): string {
  const label = () => randomBytes(6).toString("hex").slice(0, 1 + (randomBytes(1)[0] % 11));
  return `${label()}.${label()}.example`;
}

async function sendRaw(bytes: Uint8Array): Promise<void> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) => socket.send(bytes, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
  socket.close();
}

beforeAll(async () => {
  server = new CaptiveDnsServer({ udp: createNodeUdpNetwork(), boxAddress: BOX });
  await server.start({ port: 0, address: "127.0.0.1" });
  port = server.port!;
});
afterAll(() => server.close());

test("every A query for random names is answered with the box's address", async () => {
  for (let i = 0; i < 8; i++) {
    const name = randomName();
    const out = await dig(name);
    expect(out).toContain("status: NOERROR");
    expect(answers(out)).toEqual([`A ${BOX}`]);
    expect(out.toLowerCase()).toContain(`${name}.`);
  }
});

test("OS probe hosts resolve to the box", async () => {
  for (const name of ["captive.apple.com", "connectivitycheck.gstatic.com", "www.msftconnecttest.com"]) {
    expect(answers(await dig(name))).toEqual([`A ${BOX}`]);
  }
});

test("AAAA gets an empty NOERROR answer, and a CHAOS query is refused", async () => {
  const aaaa = await dig("ipv6.example", "AAAA");
  expect(aaaa).toContain("status: NOERROR");
  expect(answers(aaaa)).toEqual([]);
  const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(port), "+time=2", "+tries=1", "-c", "CH", "version.bind", "TXT"]);
  expect(stdout).toContain("status: REFUSED");
});

test("malformed packets are ignored and the server still answers afterwards", async () => {
  const before = server.stats.ignored;
  const junk: Uint8Array[] = [new Uint8Array(0), new Uint8Array([1, 2, 3])];
  for (let i = 0; i < 30; i++) junk.push(randomBytes(1 + (randomBytes(1)[0] % 80)));
  // A valid query cut short inside its name, and one whose name is a compression loop.
  junk.push(Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 0x65, 0x78, 0x61]));
  junk.push(Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1]));
  for (const bytes of junk) await sendRaw(bytes);
  const out = await dig(randomName());
  expect(answers(out)).toEqual([`A ${BOX}`]);
  // Random bytes may by chance form a valid query; almost all must have been counted as ignored.
  expect(server.stats.ignored - before).toBeGreaterThanOrEqual(junk.length - 3);
});
