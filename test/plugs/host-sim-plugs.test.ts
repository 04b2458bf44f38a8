// host-sim as a program with a load on a Shelly plug (its `outputs` setting, saved in the state directory): on a
// red-peak capture the real process turns the plug off over HTTP with digest auth, reads it back, and its web API
// shows the load confirmed — then unreachable with its last known state once the plug stops answering.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { writeJson } from "../../src/device/json-store";
import { validateSettings } from "../../src/settings/validate";
import { HostSim } from "../e2e/host-sim-process";
import { writeRedPeakCapture } from "../e2e/red-peak-capture";
import { FakeShelly } from "./fake-devices";

jest.setTimeout(60_000);

let dir = "";
let sim: HostSim | undefined;
let shelly: FakeShelly | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-plugs-"));
});
afterAll(async () => {
  await sim?.kill();
  await shelly?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function status(port: number): Promise<{ loads: { id: string; on: boolean; reason: string; confirmed: boolean | null; unreachable: boolean; lastConfirmed: boolean | null }[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { host: `127.0.0.1:${port}` } });
  return ((await response.json()) as { status: never }).status;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (value: T) => boolean, withinMs = 15_000): Promise<T> {
  const startedMs = Date.now();
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() - startedMs > withinMs) throw new Error(`not within ${withinMs} ms: ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("host-sim sheds a plug-fed heater on a red peak through the plug's API, and shows it unreachable when it goes silent", async () => {
  shelly = await new FakeShelly("plug-pw", 1, true).start();
  const stateDir = join(dir, "state");
  const checked = validateSettings({
    loads: [
      { id: "salon", name: "Salon", kind: "relay", priority: 2, nominalPowerW: 1500, outputs: [{ type: "shelly", host: shelly.host, password: "plug-pw" }] },
      { id: "ballon", name: "Ballon", kind: "water-heater", priority: 3, nominalPowerW: 2000 },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  writeJson(new FileKeyValueStore(stateDir), "app.settings", checked.settings);

  sim = new HostSim([
    "--meter", `file:${writeRedPeakCapture(dir)}`, "--tic-mode", "historic", "--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns",
    "--setup-code", "520-31-946", "--state-dir", stateDir,
  ]);
  await sim.waitFor((l) => l.type === "load" && l.id === "salon" && l.on === false && l.reason === "red_peak");
  const web = (await sim.waitFor((l) => l.type === "web" && typeof l.port === "number")) as { port: number };
  const shed = await until("the plug confirms the cut", () => status(web.port), (s) => s.loads.find((l) => l.id === "salon")?.confirmed === true);
  expect(shed.loads.find((l) => l.id === "salon")).toMatchObject({ on: false, reason: "red_peak", unreachable: false });
  expect(shelly.outputs[0]).toBe(false);
  expect(shelly.requests).toContain("/rpc/Switch.Set?id=0&on=false");
  expect(shelly.seenNc.length).toBeGreaterThan(0); // it went through the digest challenge

  // The plug goes silent: the next poll (every 30 s) times out after 3 s; the load shows its last confirmed state.
  shelly.behaviour = "silent";
  const gone = await until("unreachable", () => status(web.port), (s) => s.loads.find((l) => l.id === "salon")?.unreachable === true, 40_000);
  expect(gone.loads.find((l) => l.id === "salon")).toMatchObject({ confirmed: null, lastConfirmed: true, on: false });
  const page = await (await fetch(`http://127.0.0.1:${web.port}/?lang=en`, { headers: { host: `127.0.0.1:${web.port}` } })).text();
  expect(page).toContain("Plug unreachable — last known state: cut.");
  expect(sim.stderr + JSON.stringify(sim.lines)).not.toContain("plug-pw");
});
