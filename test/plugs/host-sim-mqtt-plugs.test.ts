// host-sim as a program with a load on a Tasmota plug over MQTT (its `outputs` setting, `--mqtt` for the broker): on
// a red-peak capture the real process turns the plug off through the box's one MQTT session, its web API shows the
// load confirmed, and the plug's last will (Offline) shows it unreachable with its last known state at once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { writeJson } from "../../src/device/json-store";
import { validateSettings } from "../../src/settings/validate";
import { HostSim } from "../e2e/host-sim-process";
import { writeRedPeakCapture } from "../e2e/red-peak-capture";
import { Broker, freePort } from "../mqtt/broker";
import { FakeMqttTasmota } from "./fake-mqtt-devices";

jest.setTimeout(60_000);

let dir = "";
let sim: HostSim | undefined;
let broker: Broker | undefined;
let plug: FakeMqttTasmota | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-mqtt-plugs-"));
});
afterAll(async () => {
  await sim?.kill();
  await plug?.stop(true);
  await broker?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function status(port: number): Promise<{ loads: { id: string; on: boolean; reason: string; confirmed: boolean | null; unreachable: boolean; lastConfirmed: boolean | null }[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { host: `127.0.0.1:${port}` } });
  return ((await response.json()) as { status: never }).status;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (value: T) => boolean, withinMs = 15_000): Promise<number> {
  const startedMs = Date.now();
  for (;;) {
    const value = await get();
    if (ok(value)) return Date.now() - startedMs;
    if (Date.now() - startedMs > withinMs) throw new Error(`not within ${withinMs} ms: ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("host-sim sheds a Tasmota-fed heater over MQTT on a red peak, and shows it unreachable from its last will", async () => {
  const port = await freePort();
  broker = new Broker(port);
  await broker.start();
  plug = await new FakeMqttTasmota("tasmota_5A1A0E").start(port);
  plug.outputs[0] = true; // the heater runs before the box starts
  const stateDir = join(dir, "state");
  const checked = validateSettings({
    loads: [
      { id: "salon", name: "Salon", kind: "relay", priority: 2, nominalPowerW: 1500, outputs: [{ type: "tasmota-mqtt", topic: plug.topic }] },
      { id: "ballon", name: "Ballon", kind: "water-heater", priority: 3, nominalPowerW: 2000 },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  writeJson(new FileKeyValueStore(stateDir), "app.settings", checked.settings);

  sim = new HostSim([
    "--meter", `file:${writeRedPeakCapture(dir)}`, "--tic-mode", "historic", "--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns",
    "--setup-code", "520-31-946", "--state-dir", stateDir, "--mqtt", `mqtt://127.0.0.1:${port}`,
  ]);
  await sim.waitFor((l) => l.type === "load" && l.id === "salon" && l.on === false && l.reason === "red_peak");
  const web = (await sim.waitFor((l) => l.type === "web" && typeof l.port === "number")) as { port: number };
  await until("the plug confirms the cut", () => status(web.port), (s) => s.loads.find((l) => l.id === "salon")?.confirmed === true);
  expect(plug.outputs[0]).toBe(false);
  expect(plug.received).toContainEqual({ topic: "cmnd/tasmota_5A1A0E/POWER1", payload: "OFF" });

  await plug.stop(true); // pulled from the wall: the broker publishes its will, tele/<topic>/LWT Offline
  plug = undefined;
  const ms = await until("unreachable", () => status(web.port), (s) => s.loads.find((l) => l.id === "salon")?.unreachable === true, 5000);
  expect(ms).toBeLessThan(3000); // from the will, not from the next 30 s poll
  const s = await status(web.port);
  expect(s.loads.find((l) => l.id === "salon")).toMatchObject({ confirmed: null, lastConfirmed: true, on: false });
});
