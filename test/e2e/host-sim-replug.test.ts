// host-sim (`npm start -- --meter serial:DEVICE`) on a pty as its USB TIC reader: the pty closed (the dongle
// unplugged) long enough for "meter lost", then re-created at the same path: host-sim reopens it by itself (the
// Linux box's line, hal/node/serial.ts), the frames decode again within seconds and the first good one clears the
// fault; the loss and the return are one log line each, not a line per retry. And `--tic-mode auto` finds a
// standard-mode meter at 9600 baud on a line first opened at 1200.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { writeJson } from "../../src/device/json-store";
import { defaultSettings } from "../../src/settings/validate";
import { DEMO_LOADS } from "../../host-sim/sim-meter";
import { PtyMeter, PtyPair } from "../linux/pty";
import { until } from "../support/until";
import { HostSim } from "./host-sim-process";

const fixtures = join(__dirname, "../../../shared/fixtures/tic");
const common = ["--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns", "--json-frames"];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A state dir whose settings declare the meter lost after 3 s (the setting's minimum), a pty pair beside it. */
async function setUp(): Promise<{ dir: string; stateDir: string; pty: PtyPair }> {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-sim-replug-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const stateDir = join(dir, "state");
  writeJson(new FileKeyValueStore(stateDir), "app.settings", { ...defaultSettings(), loads: DEMO_LOADS, meterLostTimeoutMs: 3000 });
  const pty = new PtyPair(dir);
  await pty.open();
  cleanups.push(() => pty.close());
  return { dir, stateDir, pty };
}

function startSim(args: string[]): HostSim {
  const sim = new HostSim([...common, ...args]);
  cleanups.push(() => sim.kill());
  return sim;
}

function startMeter(pty: PtyPair, capture: string, baud: number): PtyMeter {
  const meter = new PtyMeter(pty, new Uint8Array(readFileSync(join(fixtures, capture))), baud);
  meter.start();
  cleanups.push(() => meter.stop());
  return meter;
}

/** host-sim's log records (stderr, one JSON object a line with --json). */
function logRecords(sim: HostSim): { level: string; message: string }[] {
  return sim.stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { level: string; message: string });
}

const frameCount = (sim: HostSim): number => sim.lines.filter((l) => l.type === "frame").length;
const meterLost = (sim: HostSim, active: boolean): Record<string, unknown> | undefined =>
  sim.lines.find((l) => l.type === "fault" && l.fault === "meter-lost" && l.active === active);

test("unplugged past meter-lost, replugged at the same path: reopened, decoded again, the fault cleared", async () => {
  const { stateDir, pty } = await setUp();
  const sim = startSim(["--state-dir", stateDir, "--meter", `serial:${pty.boxPath}`, "--tic-mode", "historic"]);
  await sim.waitFor((l) => l.type === "boot", 30000);
  let meter = startMeter(pty, "hist-tempo-1ph-hcjb-demain-roug.tic", 1200);
  await until("two frames", () => frameCount(sim) >= 2, 20000);
  expect(sim.lines.find((l) => l.type === "frame")).toMatchObject({ contract: "tempo", meterId: "021861348497" });

  // Unplug: the meter stops and the ptys vanish.
  meter.stop();
  await pty.close();
  await until("meter lost", () => meterLost(sim, true), 15000);

  // Replug at the same path.
  const before = frameCount(sim);
  const replugged = Date.now();
  await pty.open();
  meter = startMeter(pty, "hist-tempo-1ph-hcjb-demain-roug.tic", 1200);
  await until("frames again", () => frameCount(sim) > before, 40000);
  const tookMs = Date.now() - replugged;
  const cleared = await until("meter lost cleared", () => meterLost(sim, false), 5000);
  expect(cleared).toMatchObject({ detail: "valid frames again" });
  expect(sim.lines.indexOf(cleared)).toBeGreaterThan(sim.lines.indexOf(meterLost(sim, true)!));
  // Back-off from 500 ms doubling to a 30 s cap: the next attempt after the replug comes within one back-off step,
  // never later than the cap (how far the back-off grew depends on how long meter-lost took on a loaded machine).
  expect(tookMs).toBeLessThan(31000);
  // Seconds of failed reopen attempts (the device node absent) went by: the loss is one line, the retries added
  // none, and the return is one line.
  const lineRecords = logRecords(sim).filter((r) => r.message.startsWith("meter line:"));
  expect(lineRecords.filter((r) => r.level === "warn")).toEqual([expect.objectContaining({ message: expect.stringMatching(/^meter line: .* (went away|closed|failed)/) })]);
  expect(lineRecords.filter((r) => r.message.startsWith(`meter line: ${pty.boxPath} back, reopened`))).toHaveLength(1);
}, 150000);

test("--tic-mode auto: a standard-mode meter at 9600 baud is found on a line first opened at 1200, and remembered", async () => {
  const { stateDir, pty } = await setUp();
  const sim = startSim(["--state-dir", stateDir, "--meter", `serial:${pty.boxPath}`, "--tic-mode", "auto"]);
  await sim.waitFor((l) => l.type === "boot", 30000);
  const meter = startMeter(pty, "std-tempo-3ph-hc-blanc-stream-corrupted.tic", 9600);
  await until("a decoded frame", () => frameCount(sim) >= 1, 30000);
  expect(sim.lines.find((l) => l.type === "frame")).toMatchObject({ mode: "standard" });
  await until("9600 proven", () => logRecords(sim).some((r) => r.message.startsWith("meter line: 9600 baud proven")), 10000);
  expect(logRecords(sim).find((r) => r.message.startsWith("meter line:"))?.message).toMatch(/ open at 1200 baud 7E1 \(auto: probing the rate\)$/);
  expect(meter.garbled).toBeGreaterThan(0); // honest: the reader did sit at the wrong rate first
  await sim.kill();
  expect([...(new FileKeyValueStore(stateDir).get("tic.baud") ?? [])]).toEqual([9600 >> 8, 9600 & 0xff]);
}, 90000);
