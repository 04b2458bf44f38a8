// The Linux TIC line on a pty: auto mode finds a meter sent at the other rate (the pty side sends clean bytes only
// when the rate the reader set matches, garbled as a UART would read them otherwise), and an unplugged line (pty
// closed) re-created at the same path is reopened and decoded again within seconds.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { openTicSerialLine, REOPEN_MAX_MS, type SerialPortLike, type TicSerialLine } from "../../hal/node/serial";
import type { Logger } from "../../hal/types";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicReading } from "../../src/tic/types";
import { PtyMeter, PtyPair } from "./pty";

const fixtures = join(__dirname, "../../../shared/fixtures/tic");
const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message) => void lines.push(`${level} ${message}`) };
}

async function until(what: string, predicate: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

async function setUp(capture: string, meterBaud: number, mode: "auto" | "historic" | "standard", remembered?: 1200 | 9600, identify?: (device: string) => string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-line-"));
  dirs.push(dir);
  const pty = new PtyPair(dir);
  await pty.open();
  cleanups.push(() => pty.close());
  const meter = new PtyMeter(pty, new Uint8Array(readFileSync(join(fixtures, capture))), meterBaud);
  cleanups.push(() => meter.stop());
  const logger = memoryLogger();
  const readings: TicReading[] = [];
  const proven: number[] = [];
  const decoder = new TicDecoder({ mode: "auto", onFrame: (r) => void readings.push(r) });
  const line: TicSerialLine = openTicSerialLine({ device: pty.boxPath, mode, remembered, clock: nodeClock, timers: nodeTimers, logger, onBaudProven: (b) => void proven.push(b), identify });
  cleanups.push(() => line.close());
  line.onBytes((chunk) => decoder.push(chunk));
  return { pty, meter, logger, readings, proven, line };
}

describe("auto mode on a pty", () => {
  test.each([
    ["std-tempo-3ph-hc-blanc-stream-corrupted.tic", 9600, 1200, "standard"],
    ["hist-tempo-1ph-hcjb-demain-roug.tic", 1200, 9600, "historic"],
  ] as const)("%s sent at %i baud, the line opened first at %i, is found and decoded", async (capture, meterBaud, firstBaud, mode) => {
    const t = await setUp(capture, meterBaud, "auto", firstBaud);
    await until("the line open", () => t.line.status().open, 5000);
    expect(t.line.status().baud).toBe(firstBaud);
    t.meter.start();
    await until("a decoded frame", () => t.readings.length > 0, 20000);
    expect(t.readings[0].mode).toBe(mode);
    expect(t.proven).toEqual([meterBaud]);
    // Honest: the reader saw garbage first (the meter sent garbled chunks while the line sat at the wrong rate).
    expect(t.meter.garbled).toBeGreaterThan(0);
    expect(t.logger.lines.some((l) => l.includes(`trying ${meterBaud} baud`))).toBe(true);
  }, 40000);
});

describe("an unplugged line comes back", () => {
  test("pty closed, then re-created at the same path: reopened and decoded again within seconds", async () => {
    const t = await setUp("hist-tempo-1ph-hcjb-demain-roug.tic", 1200, "historic");
    t.meter.start();
    await until("a first frame", () => t.readings.length > 0, 15000);
    // Unplug: the meter stops, the ptys vanish.
    t.meter.stop();
    await t.pty.close();
    await until("the loss seen", () => !t.line.status().open, 5000);
    expect(t.logger.lines.filter((l) => l.startsWith("warn meter line:")).length).toBe(1);
    await new Promise((r) => setTimeout(r, 2500)); // a few failed reopen attempts, logged once
    expect(t.logger.lines.filter((l) => l.startsWith("warn meter line:")).length).toBeLessThanOrEqual(2);
    // Replug at the same path.
    const before = t.readings.length;
    await t.pty.open();
    t.meter.start();
    const tookMs = await until("frames after the replug", () => t.readings.length > before, 15000);
    expect(tookMs).toBeLessThan(10000);
    expect(t.line.status().open).toBe(true);
    expect(REOPEN_MAX_MS).toBeLessThanOrEqual(30000);
  }, 40000);
});

describe("an unplug the serialport package misses", () => {
  // A hang-up while bytes are in flight leaves the package reading 0 bytes for ever with no close event (seen on CI
  // and reproduced with a busy sender). A real meter never stops sending, so this is the common unplug on a Pi.
  test("pty closed while the meter is still sending, three times: each loss seen within seconds, each replug decoded", async () => {
    const t = await setUp("hist-tempo-1ph-hcjb-demain-roug.tic", 1200, "historic");
    t.meter.start();
    for (let round = 0; round < 3; round++) {
      const before = t.readings.length;
      await until(`frames (round ${round})`, () => t.readings.length > before, 15000);
      t.meter.burst(10); // bytes in flight through socat at the instant of the unplug
      await t.pty.close();
      await until(`the loss seen (round ${round})`, () => !t.line.status().open, 5000);
      t.meter.stop();
      await t.pty.open();
      t.meter.start();
    }
    expect(t.logger.lines.filter((l) => l.startsWith("warn meter line:")).length).toBe(3);
  }, 90000);

  test("a port that never reports its loss: the device path naming nothing, then another node, is a loss each time", async () => {
    let names: string | undefined = "node-1";
    let opens = 0;
    const port = (): SerialPortLike => {
      let isOpen = false;
      return {
        get isOpen() {
          return isOpen;
        },
        on: () => undefined,
        open: (callback) => {
          opens++;
          isOpen = true;
          callback(null);
        },
        update: (_options, callback) => callback(null),
        close: (callback) => {
          isOpen = false;
          callback?.(null);
        },
      };
    };
    const logger = memoryLogger();
    const line = openTicSerialLine({ device: "/dev/ttyTIC", mode: "historic", clock: nodeClock, timers: nodeTimers, logger, createPort: port, identify: () => names });
    cleanups.push(() => line.close());
    await until("open", () => line.status().open, 2000);
    names = undefined; // unplugged: the node is gone
    await until("the loss seen", () => !line.status().open, 3000);
    expect(logger.lines).toContain("warn meter line: /dev/ttyTIC went away (the device node is gone); retrying in 500 ms, then with back-off up to 30000 ms");
    names = "node-2"; // replugged: a new node at the same path
    await until("reopened", () => line.status().open && opens === 2, 5000);
    expect(logger.lines[logger.lines.length - 1]).toBe("info meter line: /dev/ttyTIC back, reopened at 1200 baud 7E1");
    names = "node-3"; // udev re-pointed the path at another device while the port was open
    await until("the second loss seen", () => opens === 3, 5000);
    expect(logger.lines).toContain("warn meter line: /dev/ttyTIC went away (the path names another device now); retrying in 500 ms, then with back-off up to 30000 ms");
  }, 20000);
});
