// The Linux box reads its tank probes from a directory laid out like the kernel's /sys/bus/w1/devices (config
// `w1.devices`): the box's own API shows each temperature, a removed file reads as a failed probe (temperature null,
// one log line), a file back is a reading again, and nothing is read once the box stopped.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../../hal/types";
import { startBox, type RunningBox } from "../../linux/box";
import { readConfigFile } from "../../linux/config-file";
import { loopbackConfig } from "./pty";

/** Short, so the test sees several readings in a second (the box reads every 30 s). */
const PERIOD_MS = 100;
const TANK = "28-0316a2790aff";
const PUMP = "28-0316a2794cff";

let dir: string;
let w1: string;
let box: RunningBox | undefined;
/** Every box started, stopped at the end even when an assertion failed half-way (stop is safe twice). */
const started: RunningBox[] = [];
const lines: string[] = [];
const logger: Logger = { log: (level, message) => void lines.push(`${level} ${message}`) };
let umask: number;

beforeAll(() => {
  umask = process.umask();
  dir = mkdtempSync(join(tmpdir(), "delesteur-probe-"));
  w1 = join(dir, "w1");
});
afterAll(async () => {
  for (const running of started) await running.stop();
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

/** What w1_therm writes: the scratchpad with the kernel's CRC verdict, then the same bytes and t= in m°C. */
function w1Slave(milli: number): string {
  return `d4 03 4b 46 7f ff 0c 10 5e : crc=5e YES\nd4 03 4b 46 7f ff 0c 10 5e t=${milli}\n`;
}

async function getJson(path: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${box?.web?.server.port}${path}`);
  expect(response.status).toBe(200);
  return response.json();
}

/** Polls `read` until it gives `expected` (bounded: 5 s, about 50 probe periods). */
async function until<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (value !== expected && Date.now() - started < 5000) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

const tankC = async (): Promise<number | null> => (await getJson("/api/hot-water")).hotWater.find((h: any) => h.id === "chauffe-eau").temperatureC;

test("the tank temperature from the w1 files reaches the API; a removed file is a failed probe; back, a reading again", async () => {
  mkdirSync(join(w1, TANK), { recursive: true });
  mkdirSync(join(w1, PUMP), { recursive: true });
  writeFileSync(join(w1, TANK, "w1_slave"), w1Slave(61250)); // an older kernel: w1_slave only
  writeFileSync(join(w1, PUMP, "temperature"), "48500\n"); // a newer one: the temperature file
  const config = loopbackConfig(dir, { device: join(dir, "no-such-tty") });
  const heater = config.settings.loads.find((l: any) => l.id === "chauffe-eau");
  Object.assign(heater, { kind: "water-heater", probe: true });
  config.settings.loads.push({ id: "pac", name: "PAC", kind: "sg-ready", priority: 1, nominalPowerW: 3000, probe: true });
  config.outputs.pac = [{ gpio: 5, activeLow: false }, { gpio: 6, activeLow: false }];
  config.w1 = { devices: w1 };
  config.probes = { "chauffe-eau": { w1: TANK }, pac: { w1: PUMP } };
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  const read = readConfigFile(file);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  box = await startBox({ config: read.config, configFile: file, logger, probePeriodMs: PERIOD_MS });
  started.push(box);

  expect(await until(tankC, 61.25)).toBe(61.25);
  const pump = async (): Promise<number | null> => (await getJson("/api/heat-pumps")).heatPumps.find((h: any) => h.id === "pac").temperatureC;
  expect(await until(pump, 48.5)).toBe(48.5);
  const status = (await getJson("/api/status")) as { status: { manager: { tanks: { id: string; temperatureC: number | null }[] } } };
  expect(status.status.manager.tanks.find((t) => t.id === "chauffe-eau")?.temperatureC).toBe(61.25);
  expect(lines).toContain("info probe chauffe-eau: 61.25 °C");

  rmSync(join(w1, TANK, "w1_slave"));
  expect(await until(tankC, null)).toBeNull();
  expect(lines).toContain(`warn probe chauffe-eau: no reading (${join(w1, TANK)}: missing, CRC failed or 85 °C power-on value)`);
  expect(await pump()).toBe(48.5); // the other probe is not disturbed

  writeFileSync(join(w1, TANK, "temperature"), "55500\n");
  expect(await until(tankC, 55.5)).toBe(55.5);
  expect(lines).toContain("info probe chauffe-eau: 55.5 °C");

  // Stopped, the box reads nothing more: a probe failing now leaves no line.
  await box.stop();
  box = undefined;
  const before = lines.length;
  rmSync(join(w1, TANK, "temperature"));
  await new Promise((r) => setTimeout(r, 5 * PERIOD_MS));
  expect(lines.slice(before).filter((l) => l.includes("probe"))).toEqual([]);
});

test("a probe the kernel does not list yet is a warning at start, not a refusal; a load without a tank has its readings refused once", async () => {
  lines.length = 0;
  const config = loopbackConfig(dir, { device: join(dir, "no-such-tty") });
  config.w1 = { devices: w1 };
  config.probes = { "chauffe-eau": { w1: "28-00000000beef" } }; // the example's chauffe-eau is a plain relay
  const file = join(dir, "config-relay.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  const read = readConfigFile(file);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  box = await startBox({ config: read.config, configFile: file, logger, probePeriodMs: PERIOD_MS });
  started.push(box);
  const since = Date.now();
  while (!lines.some((l) => l.includes("reading refused")) && Date.now() - since < 5000) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 5 * PERIOD_MS));
  expect(lines).toContain(`warn probe chauffe-eau: ${join(w1, "28-00000000beef")} not found (yet): it reads as failed until the kernel lists it (dtoverlay=w1-gpio in config.txt?)`);
  expect(lines.filter((l) => l.includes("reading refused"))).toEqual([
    'warn probe chauffe-eau: reading refused (no probe on this load): probes are for water-heater loads and sg-ready loads with "probe" ticked',
  ]);
  await box.stop();
  box = undefined;
});
