// An uncaught error in the running box (here: the state dir replaced by a file, so the first save throws) releases
// every output before the process ends with exit 1, which systemd's Restart=on-failure restarts.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PtyMeter, PtyPair, loopbackConfig } from "./pty";

const root = resolve(__dirname, "../..");
let dir: string;
let pty: PtyPair | undefined;
let meter: PtyMeter | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-crash-"));
});
afterAll(async () => {
  meter?.stop();
  await pty?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("an uncaught error: every output released, then exit 1", async () => {
  pty = new PtyPair(dir);
  await pty.open();
  const config = loopbackConfig(dir, { device: pty.boxPath, ticMode: "historic" });
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  let log = "";
  const box = spawn(process.execPath, ["--import", "tsx", "linux/main.ts", "--config", join(dir, "config.json")], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  box.stdout.on("data", (d: Buffer) => (log += d.toString()));
  box.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => box.on("exit", (code) => r(code)));
  const started = Date.now();
  while (!log.includes("délesteur box started")) {
    if (Date.now() - started > 30000) throw new Error(`no start: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The state dir becomes a file: the box's next save (the tariff the first frame brings) throws ENOTDIR.
  renameSync(join(dir, "state"), join(dir, "state.gone"));
  writeFileSync(join(dir, "state"), "not a directory");
  meter = new PtyMeter(pty, new Uint8Array(readFileSync(join(root, "../shared/fixtures/tic/hist-tempo-3ph-hpjr-hcjr-demain-roug.tic"))), 1200);
  meter.start();
  const timeout = new Promise<string>((r) => setTimeout(() => r("timeout"), 30000));
  expect(await Promise.race([exited, timeout])).toBe(1);
  const crash = log.slice(log.indexOf("unexpected error"));
  expect(crash).toMatch(/unexpected error: .*ENOTDIR/);
  expect(crash).toMatch(/gpioset --mode=exit gpiochip0 17=0/);
  expect(crash).toMatch(/gpioset --mode=exit gpiochip0 27=0/);
  expect(crash).toMatch(/gpioset --mode=exit gpiochip0 22=1/);
}, 60000);
