// The Linux box end to end on a pty: frames decoded, the pty closed (a USB TIC dongle unplugged) long enough for
// "meter lost", then re-created at the same path: the box reopens it by itself and the first good frame clears the
// fault, within seconds. The box is the real program (`linux/main.ts`), its log read as journald would.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PtyMeter, PtyPair, loopbackConfig } from "./pty";

const root = resolve(__dirname, "../..");
const fixtures = join(root, "../shared/fixtures/tic");
let dir: string;
let box: ChildProcess | undefined;
let pty: PtyPair;
let meter: PtyMeter | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-replug-"));
});
afterAll(async () => {
  meter?.stop();
  if (box && box.exitCode === null) box.kill("SIGKILL");
  await pty?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, probe: () => boolean, timeoutMs: number, log: () => string): Promise<number> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; log:\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

test("unplugged past meter-lost, replugged at the same path: reopened, decoded again, the fault cleared", async () => {
  pty = new PtyPair(dir);
  await pty.open();
  const config = loopbackConfig(dir, { device: pty.boxPath, ticMode: "historic" });
  config.settings.meterLostTimeoutMs = 3000; // the setting's minimum: the fault comes quickly
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  let log = "";
  box = spawn(process.execPath, ["--import", "tsx", "linux/main.ts", "--config", join(dir, "config.json"), "--verbose"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  box.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  box.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const frames = (): number => (log.match(/ (info|debug) meter: historic tempo/g) ?? []).length;
  await until("the box started", () => log.includes("délesteur box started"), 30000, () => log);

  const capture = new Uint8Array(readFileSync(join(fixtures, "hist-tempo-1ph-hcjb-demain-roug.tic")));
  meter = new PtyMeter(pty, capture, 1200);
  meter.start();
  await until("frames", () => frames() >= 2, 20000, () => log);

  // Unplug.
  meter.stop();
  await pty.close();
  await until("the loss logged", () => /warn meter line: .* (went away|closed|failed)/.test(log), 10000, () => log);
  await until("meter lost", () => /warn meter-lost raised/.test(log), 15000, () => log);
  const lossLines = log.split("\n").filter((l) => / warn meter line:/.test(l)).length;

  // Replug at the same path.
  const before = frames();
  await pty.open();
  meter = new PtyMeter(pty, capture, 1200);
  meter.start();
  const tookMs = await until("frames again", () => frames() > before, 20000, () => log);
  await until("meter lost cleared", () => /info meter-lost cleared: valid frames again/.test(log), 5000, () => log);
  expect(tookMs).toBeLessThan(15000);
  // One log line per decision: the retries while unplugged did not each add one.
  expect(lossLines).toBeLessThanOrEqual(2);

  box.kill("SIGTERM");
  await until("stopped", () => log.includes("délesteur box stopped (exit 0)"), 15000, () => log);
}, 90000);
