// The box's config file: the shipped example loads; every bad field is refused with its path and why; the program
// exits 2 on a bad file (systemd then stops retrying); the state dir is made private (0700, files 0600).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseBoxConfig } from "../../linux/config";
import { preparePrivateDir } from "../../linux/state-dir";

const root = resolve(__dirname, "../..");
const example = JSON.parse(readFileSync(join(root, "linux/example-config.json"), "utf8")) as Record<string, any>;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function errorsOf(mutate: (c: Record<string, any>) => void): string[] {
  const config = structuredClone(example);
  mutate(config);
  const result = parseBoxConfig(JSON.stringify(config));
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
}

test("the shipped example config loads, with defaults filled", () => {
  const result = parseBoxConfig(JSON.stringify(example));
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.config.meter.ticMode).toBe("auto");
  expect(result.config.outputs["chauffe-eau"]).toEqual([{ gpio: 22, activeLow: true }]);
  expect(result.config.settings.loads.map((l) => l.id)).toEqual(["salon", "chauffe-eau"]);
});

test.each([
  ["a typo at the top", (c: any) => (c.stateDr = "/x"), /^stateDr: unknown field/],
  ["no meter device", (c: any) => delete c.meter.device, /^meter\.device: must be a non-empty string/],
  ["a bad TIC mode", (c: any) => (c.meter.ticMode = "fast"), /^meter\.ticMode: must be auto, historic or standard/],
  ["a fil-pilote-2 load with one output", (c: any) => c.outputs.salon.pop(), /^outputs\.salon: a fil-pilote-2 load has 2 contact\(s\): give 2 output\(s\), got 1/],
  ["a load without outputs", (c: any) => delete c.outputs["chauffe-eau"], /^outputs\.chauffe-eau: missing: load "chauffe-eau" \(relay\) needs 1 output/],
  ["outputs for no load", (c: any) => (c.outputs.garage = [{ gpio: 5 }]), /^outputs\.garage: no load "garage" in settings\.loads/],
  ["one line twice", (c: any) => (c.outputs.salon[1].gpio = 22), /^outputs\.chauffe-eau\[0\]\.gpio: line 22 is already outputs\.salon\[1\]\.gpio/],
  ["a line number out of range", (c: any) => (c.outputs.salon[0].gpio = -1), /^outputs\.salon\[0\]\.gpio: must be a line offset/],
  ["activeLow not a boolean", (c: any) => (c.outputs.salon[0].activeLow = "yes"), /^outputs\.salon\[0\]\.activeLow: must be true or false/],
  ["a bad port", (c: any) => (c.web.port = 70000), /^web\.port: must be a port number/],
  ["a bad setting", (c: any) => (c.settings.loads[0].nominalPowerW = -5), /^settings\.loads\[0\]\.nominalPowerW: /],
  ["a probe for no load", (c: any) => (c.probes = { garage: { w1: "28-0316a2790aff" } }), /^probes\.garage: no load "garage" in settings\.loads/],
  ["a probe named as a path", (c: any) => (c.probes = { "chauffe-eau": { w1: "../../../etc" } }), /^probes\.chauffe-eau\.w1: must be the sensor's name as ls \/sys\/bus\/w1\/devices lists it \(e\.g\. 28-0316a2790aff\), got "\.\.\/\.\.\/\.\.\/etc"/],
  ["a probe that is no thermometer", (c: any) => (c.probes = { "chauffe-eau": { w1: "01-0000178c7a2e" } }), /^probes\.chauffe-eau\.w1: family 01 is not a thermometer the kernel's w1_therm reads/],
  ["a probe field typo", (c: any) => (c.probes = { "chauffe-eau": { w1: "28-0316a2790aff", pin: 4 } }), /^probes\.chauffe-eau\.pin: unknown field \(known: w1\)/],
  ["a w1 root that is no string", (c: any) => (c.w1 = { devices: 3 }), /^w1\.devices: must be a non-empty string/],
])("refused: %s", (_what, mutate, expected) => {
  const errors = errorsOf(mutate);
  expect(errors.some((e) => expected.test(e))).toBe(true);
});

test("not JSON is refused as a whole, saying where", () => {
  const result = parseBoxConfig("{ \"meter\": ");
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors[0].message).toMatch(/^not JSON/);
});

function runBox(configText: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-cfg-"));
  dirs.push(dir);
  const file = join(dir, "config.json");
  writeFileSync(file, configText);
  const run = spawnSync(process.execPath, ["--import", "tsx", "linux/main.ts", "--config", file], { cwd: root, encoding: "utf8", timeout: 30000 });
  return { status: run.status, stderr: run.stderr };
}

test("the program refuses a bad file at start: each field and why on stderr, exit 2", () => {
  const config = structuredClone(example);
  config.meter.ticMode = "fast";
  config.outputs.salon.pop();
  const { status, stderr } = runBox(JSON.stringify(config));
  expect(status).toBe(2);
  expect(stderr).toMatch(/config .*config\.json: meter\.ticMode: must be auto, historic or standard/);
  expect(stderr).toMatch(/config .*config\.json: outputs\.salon: a fil-pilote-2 load has 2 contact/);
});

test("a probe's bad w1 name is refused at start with its field and why, exit 2", () => {
  const config = structuredClone(example);
  config.probes = { "chauffe-eau": { w1: "28-0316A2790AFF " } };
  const { status, stderr } = runBox(JSON.stringify(config));
  expect(status).toBe(2);
  expect(stderr).toMatch(/config .*config\.json: probes\.chauffe-eau\.w1: must be the sensor's name as ls \/sys\/bus\/w1\/devices lists it/);
});

test("probes and the w1 root load, with the kernel's directory by default", () => {
  const config = structuredClone(example);
  config.probes = { "chauffe-eau": { w1: "28-0316a2790aff" } };
  const result = parseBoxConfig(JSON.stringify(config));
  expect(result.ok && result.config.probes).toEqual({ "chauffe-eau": { w1: "28-0316a2790aff" } });
  expect(result.ok && result.config.w1).toEqual({ devices: "/sys/bus/w1/devices" });
});

test("a remote output (smart plug) naming a bad device is refused at start with its field, exit 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-cfg-"));
  dirs.push(dir);
  const config = structuredClone(example);
  config.stateDir = join(dir, "state");
  config.gpio.dryRun = true;
  config.outputs["chauffe-eau"] = [{ remote: { type: "shelly", host: "http://192.0.2.10" } }];
  const { status, stderr } = runBox(JSON.stringify(config));
  expect(status).toBe(2);
  expect(stderr).toMatch(/outputs\.chauffe-eau\[0\]\.remote\.host: must be an IPv4 address or host name/);
});

test("the state dir is created 0700, and one another program left readable is narrowed (dir 0700, files 0600)", () => {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-priv-"));
  dirs.push(dir);
  const fresh = join(dir, "fresh");
  const prev = process.umask(0o022);
  try {
    preparePrivateDir(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    const old = join(dir, "old");
    mkdirSync(join(old, "homekit"), { recursive: true });
    writeFileSync(join(old, "app.settings.bin"), "x");
    writeFileSync(join(old, "homekit", "hap.key.bin"), "secret");
    chmodSync(old, 0o755);
    chmodSync(join(old, "homekit"), 0o755);
    const { narrowed } = preparePrivateDir(old);
    expect(narrowed.length).toBe(4);
    expect(statSync(old).mode & 0o777).toBe(0o700);
    expect(statSync(join(old, "homekit")).mode & 0o777).toBe(0o700);
    expect(statSync(join(old, "app.settings.bin")).mode & 0o777).toBe(0o600);
    expect(statSync(join(old, "homekit", "hap.key.bin")).mode & 0o777).toBe(0o600);
  } finally {
    process.umask(prev);
  }
});
