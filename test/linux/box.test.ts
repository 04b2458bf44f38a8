// The Linux box in process: a settings change through the path the web page takes (Device.command "settings") is
// written back to the config file atomically (0600, loadable, the change in it), and the file wins at the next start.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import type { Logger } from "../../hal/types";
import { APP_STORE_PREFIX } from "../../src/device/device";
import { readJson } from "../../src/device/json-store";
import { startBox, type RunningBox } from "../../linux/box";
import { readConfigFile } from "../../linux/config-file";
import { loopbackConfig } from "./pty";

let dir: string;
let box: RunningBox | undefined;
const lines: string[] = [];
const logger: Logger = { log: (level, message) => void lines.push(`${level} ${message}`) };
let umask: number;

beforeAll(() => {
  umask = process.umask();
  dir = mkdtempSync(join(tmpdir(), "delesteur-box-"));
});
afterEach(async () => {
  await box?.stop();
  box = undefined;
});
afterAll(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(): string {
  // The line retries in the background; settings do not need it.
  const config = loopbackConfig(dir, { device: join(dir, "no-such-tty") });
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

async function start(file: string): Promise<RunningBox> {
  const read = readConfigFile(file);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  box = await startBox({ config: read.config, configFile: file, logger });
  return box;
}

test("a settings change is written back to the config file atomically, private, and loads again", async () => {
  const file = writeConfig();
  const running = await start(file);
  const outcome = running.device.command({ type: "settings", patch: { meterLostTimeoutMs: 25000 } });
  expect(outcome.refused).toBeUndefined();
  const back = readConfigFile(file);
  expect(back.ok).toBe(true);
  if (!back.ok) return;
  expect(back.config.settings.meterLostTimeoutMs).toBe(25000);
  expect(back.config.outputs.salon).toEqual([{ gpio: 17, activeLow: false }, { gpio: 27, activeLow: false }]);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  expect(lines).toContain(`info settings saved to ${file}`);
});

test("the file wins at start: settings edited by hand replace the state dir's copy", async () => {
  const file = writeConfig(); // the example's settings again: meterLostTimeoutMs back to its default
  const stored = () => (readJson(new FileKeyValueStore(join(dir, "state")), APP_STORE_PREFIX + "settings").value as { meterLostTimeoutMs: number }).meterLostTimeoutMs;
  expect(stored()).toBe(25000); // what the first test saved
  await start(file);
  expect(stored()).toBe(10000);
});
