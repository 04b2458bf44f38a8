// `npm start -- --provision`: the set-up portal first, then the box restarts into station mode with what the
// owner saved (TIC mode, HomeKit setup code), as a new box does on first power-up.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { HostSim } from "./host-sim-process";

let sim: HostSim | undefined;
const stateDir = mkdtempSync(join(tmpdir(), "delesteur-prov-"));

afterAll(async () => {
  await sim?.kill();
  rmSync(stateDir, { recursive: true, force: true });
});

test("save the portal form → restart into station → the device runs with the saved TIC mode and setup code", async () => {
  sim = new HostSim(["--provision", "--http-port", "0", "--dns-port", "0", "--bind", "127.0.0.1", "--hap-port", "0", "--no-mdns", "--state-dir", stateDir]);
  const portal = (await sim.waitFor((l) => l.type === "portal")) as { url: string };
  const owner = "mot de passe du proprio";
  // The optional MQTT section too: a broker where nothing listens (the box must say so, not stall).
  const deadBroker = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
  const body = new URLSearchParams({
    ssid: "Maison", psk: "correct horse battery", code: "482-91-375", tic: "historic", owner_pw: owner, owner_pw2: owner,
    mqtt_url: `mqtt://127.0.0.1:${deadBroker}`, mqtt_user: "ha", mqtt_pw: "mqtt-secret-pw",
  }).toString();
  const response = await fetch(new URL("/save", portal.url), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  expect(response.status).toBe(200);
  await response.text();
  expect(await sim.waitFor((l) => l.type === "restart")).toMatchObject({ into: "station", ssid: "Maison" });
  expect(await sim.waitFor((l) => l.type === "boot")).toMatchObject({ ticMode: "historic", mqtt: { broker: `127.0.0.1:${deadBroker}` } });
  expect(await sim.waitFor((l) => l.type === "homekit" && typeof l.port === "number")).toMatchObject({ setupCode: "482-91-375", paired: false });
  // The owner password chosen in the portal is the web page's: a wrong one is refused, the right one logs in.
  const web = (await sim.waitFor((l) => l.type === "web" && typeof l.url === "string")) as { url: string };
  const login = (password: string) => fetch(new URL("/api/login", web.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) });
  expect((await login("not the owner's")).status).toBe(401);
  expect((await login(owner)).status).toBe(200);
  // The MQTT link typed in the portal runs, and its dead broker shows on the status; its password nowhere.
  const status = await (await fetch(new URL("/api/status", web.url))).text();
  expect((JSON.parse(status) as { mqtt: { state: string; broker: string } }).mqtt).toMatchObject({ broker: `127.0.0.1:${deadBroker}` });
  expect(["connecting", "error"]).toContain((JSON.parse(status) as { mqtt: { state: string } }).mqtt.state);
  expect(status).not.toContain("mqtt-secret-pw");
  // At rest only the SRP salt and verifier remain (DOMAIN §4): the portal's copy of the code is gone.
  expect(existsSync(join(stateDir, "hk.setupCode.bin"))).toBe(false);
  for (const dir of [stateDir, join(stateDir, "homekit")]) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".bin"))) expect(readFileSync(join(dir, name), "latin1")).not.toMatch(/482-?91-?375|du proprio/);
  }
}, 30000);
