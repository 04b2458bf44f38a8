// host-sim as a program with `--mqtt URL --gx-sim` on a real mosquitto: the simulated GX publishes its serial on the
// broker, the box finds that portal id by itself, writes the day's ESS policy and reads it back (GET /api/status says
// so, and the GX itself answers the values over MQTT), the surplus is measured from the GX, and the owner's saved GX
// settings stay as they were. Bad uses of the option are refused with exit 2.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type MqttClient } from "mqtt";
import { FileKeyValueStore } from "../../hal/node/store";
import { readJson, writeJson } from "../../src/device/json-store";
import { validateSettings } from "../../src/settings/validate";
import { HostSim } from "../e2e/host-sim-process";
import { Broker, freePort, mosquittoPath } from "../mqtt/broker";

jest.setTimeout(60_000);

/** A cold host-sim (tsx) boots in a few seconds on this 2-core machine; the GX answers in ms once the box is up. */
const WAIT_MS = 20_000;
const SETTINGS = "settings/0/Settings/CGwacs/";

interface GxJson {
  state: string;
  portalId: string | null;
  readings: { socPct: number | null; gridW: number | null; pvW: number | null };
  ess: { done: boolean; entries: { path: string; value: number; state: string; read: number | null }[] };
}

let dir = "";
let sim: HostSim | undefined;
let broker: Broker | undefined;
let client: MqttClient | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-gx-sim-"));
});
afterAll(async () => {
  await sim?.kill();
  await client?.endAsync(true);
  await broker?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function victron(port: number): Promise<{ gx?: GxJson; essEnabled: boolean } | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { host: `127.0.0.1:${port}` } });
  return ((await response.json()) as { victron?: { gx?: GxJson; essEnabled: boolean } }).victron;
}

async function poll<T>(what: string, get: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`not within ${WAIT_MS} ms: ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("--gx-sim without --mqtt, --gx-sky without --gx-sim, and --gx-sim with --scenario are refused with exit 2", async () => {
  const alone = new HostSim(["--gx-sim", "--no-mdns", "--state-dir", join(dir, "refused")]);
  expect(await alone.exitCode()).toBe(2);
  expect(alone.stderr).toContain("--gx-sim needs --mqtt");
  const sky = new HostSim(["--gx-sky", "cloudy", "--no-mdns", "--state-dir", join(dir, "refused")]);
  expect(await sky.exitCode()).toBe(2);
  expect(sky.stderr).toContain("--gx-sky only goes with --gx-sim");
  const badSky = new HostSim(["--mqtt", "mqtt://127.0.0.1:1", "--gx-sim", "--gx-sky", "rainy", "--no-mdns", "--state-dir", join(dir, "refused")]);
  expect(await badSky.exitCode()).toBe(2);
  expect(badSky.stderr).toContain('--gx-sky: "rainy" is not sunny or cloudy');
  const scenario = new HostSim(["--mqtt", "mqtt://127.0.0.1:1", "--gx-sim", "--scenario", "host-sim/scenarios/none.json", "--no-mdns", "--state-dir", join(dir, "refused")]);
  expect(await scenario.exitCode()).toBe(2);
  expect(scenario.stderr).toContain("--gx-sim runs with the live box, not with --scenario");
});

(mosquittoPath() ? test : test.skip)("host-sim --gx-sim: the box finds the simulated GX, writes the blue day's policy and reads it back", async () => {
  const port = await freePort();
  broker = new Broker(port);
  await broker.start();
  // The owner's saved settings, with no GX: the run must not change them.
  const stateDir = join(dir, "state");
  const checked = validateSettings({ loads: [{ id: "ballon", name: "Ballon", kind: "water-heater", priority: 3, nominalPowerW: 2000 }] });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  writeJson(new FileKeyValueStore(stateDir), "app.settings", checked.settings);

  // The broker's view: the simulated GX's retained serial is its portal id, as on a real GX.
  const c = connect({ host: "127.0.0.1", port, protocolVersion: 4, clientId: "test-watcher" });
  client = c;
  const seen = new Map<string, unknown>();
  c.on("message", (topic, payload) => {
    try {
      seen.set(topic, (JSON.parse(payload.toString()) as { value?: unknown }).value);
    } catch {
      seen.set(topic, payload.toString());
    }
  });
  await new Promise<void>((resolve) => c.once("connect", () => resolve()));
  await c.subscribeAsync(["N/+/system/0/Serial", `N/+/${SETTINGS}BatteryLife/#`]);

  sim = new HostSim([
    "--meter", "sim", "--tic-mode", "historic", "--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns", "--setup-code", "520-31-946",
    "--state-dir", stateDir, "--mqtt", `mqtt://127.0.0.1:${port}`, "--gx-sim",
  ]);
  const started = await sim.waitFor((l) => l.type === "gx-sim" && typeof l.portalId === "string", WAIT_MS);
  const boot = await sim.waitFor((l) => l.type === "boot", WAIT_MS);
  expect(boot).toMatchObject({ victron: { broker: `127.0.0.1:${port}`, ess: true }, surplus: { source: "gx", loads: "ballon" } });
  const web = (await sim.waitFor((l) => l.type === "web" && typeof l.port === "number", WAIT_MS)) as { port: number };

  const serialTopic = await poll("the GX's retained serial", async () => [...seen.keys()].find((t) => t.endsWith("/system/0/Serial")), (t) => t !== undefined);
  const portalId = seen.get(serialTopic as string);
  expect(portalId).toBe(started.portalId);

  // The simulated meter says blue: the day's floor (30 %) and BatteryLife on (written 1, read back 2) held.
  const v = await poll("the ESS written and read back", () => victron(web.port), (s) => s?.gx?.ess.done === true);
  expect(v?.essEnabled).toBe(true);
  expect(v?.gx).toMatchObject({ state: "online", portalId });
  const entry = (path: string): { value: number; state: string; read: number | null } | undefined => v?.gx?.ess.entries.find((e) => e.path === path);
  expect(entry("BatteryLife/MinimumSocLimit")).toMatchObject({ value: 30, state: "held", read: 30 });
  expect(entry("BatteryLife/State")).toMatchObject({ value: 1, state: "held", read: 2 });
  // The GX's own side, asked over the broker as any client would: it holds what the box wrote.
  c.publish(`R/${String(portalId)}/${SETTINGS}BatteryLife/MinimumSocLimit`, "");
  await poll("the GX's MinimumSocLimit", async () => seen.get(`N/${String(portalId)}/${SETTINGS}BatteryLife/MinimumSocLimit`), (x) => x === 30);

  // The installation's readings reach the box: a SoC and a grid power from the GX.
  const r = await poll("the GX's readings", () => victron(web.port), (s) => typeof s?.gx?.readings.socPct === "number" && typeof s?.gx?.readings.gridW === "number");
  expect(r?.gx?.readings.socPct).toBeGreaterThan(0);

  await sim.kill();
  sim = undefined;
  // Nothing of the run reached the saved settings.
  const saved = readJson(new FileKeyValueStore(stateDir), "app.settings").value as { victronUrl: string; essEnabled: boolean; surplusSource: string; surplusLoads: string };
  expect(saved).toMatchObject({ victronUrl: "", essEnabled: false, surplusSource: "off", surplusLoads: "" });
});
