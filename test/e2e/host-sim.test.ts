// host-sim end to end: the real CLI as a child process, a temp state dir, restarts, errors that say what to do.
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { defaultSettings } from "../../src/settings/validate";
import { writeJson } from "../../src/device/json-store";
import { HostSim } from "./host-sim-process";

const common = ["--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns"];
const running: HostSim[] = [];
const dirs: string[] = [];

function start(args: string[]): HostSim {
  const sim = new HostSim([...common, ...args]);
  running.push(sim);
  return sim;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-e2e-"));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(running.map((s) => s.kill()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("host-sim (npm start) end to end", () => {
  test("a restart with the same state dir keeps the owner's settings and the mode set by the button", async () => {
    const stateDir = tempDir();
    const store = new FileKeyValueStore(stateDir);
    writeJson(store, "app.settings", {
      ...defaultSettings(),
      loads: [{ id: "garage", name: "Garage", kind: "relay", shedOrder: "hors-gel", priority: 4, nominalPowerW: 1200, modulating: false, shedBy: ["red_peak", "white_peak", "overload"], minOnMs: 60000, minOffMs: 60000, maxSwitchesPerDay: 48 }],
    });

    const first = start(["--state-dir", stateDir]);
    const boot1 = await first.waitFor((l) => l.type === "boot");
    expect(boot1).toMatchObject({ mode: "AUTO", loads: "garage:relay" });
    first.send("b"); // a short press of the button
    const mode = await first.waitFor((l) => l.type === "mode" && l.mode === "HEAT");
    // The Controller debounces flash writes: wait until the owner's change is in the store, then cut the power.
    await first.waitFor((l) => l.type === "persist" && l.key === "owner" && first.lines.indexOf(l) > first.lines.indexOf(mode));
    await first.kill();

    const second = start(["--state-dir", stateDir]);
    const boot2 = await second.waitFor((l) => l.type === "boot");
    expect(boot2).toMatchObject({ mode: "HEAT", loads: "garage:relay" });
    second.send("b");
    await second.waitFor((l) => l.type === "mode" && l.mode === "AUTO");
  });

  test("a fresh state dir runs the board's demo loads and the simulated meter's frames decode", async () => {
    const sim = start(["--state-dir", tempDir(), "--json-frames"]);
    expect(await sim.waitFor((l) => l.type === "boot")).toMatchObject({ loads: "salon:fil-pilote-2,chambres:fil-pilote-1,chauffe-eau:relay" });
    const frame = await sim.waitFor((l) => l.type === "frame");
    expect(frame).toMatchObject({ contract: "tempo", colour: "blue" });
    expect((frame.counters as { groupsBad: number }).groupsBad).toBe(0);
  });

  test("holding the button past 10 s factory-resets into the set-up access point; saving the portal brings HomeKit back", async () => {
    const stateDir = tempDir();
    const sim = start(["--state-dir", stateDir, "--http-port", "0", "--dns-port", "0"]);
    const hk = await sim.waitFor((l) => l.type === "homekit" && typeof l.port === "number");
    sim.send("b"); // HEAT, so there is owner state to erase
    await sim.waitFor((l) => l.type === "mode" && l.mode === "HEAT");
    sim.send("h"); // press and hold
    await new Promise((r) => setTimeout(r, 10_500));
    sim.send("h"); // release after the LED went out
    expect(await sim.waitFor((l) => l.type === "restart")).toMatchObject({ reason: "factory reset", into: "access-point" });
    const boot = await sim.waitFor((l) => l.type === "boot" && l.reason === "factory reset");
    expect(boot).toMatchObject({ mode: "AUTO", loads: "salon:fil-pilote-2,chambres:fil-pilote-1,chauffe-eau:relay" });

    // The set-up access point: the portal answers on its HTTP port, and HomeKit is not started meanwhile.
    const portal = (await sim.waitFor((l) => l.type === "portal")) as { url: string };
    const page = await fetch(portal.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form[^>]+action="\/save"/);
    expect(sim.lines.filter((l) => l.type === "homekit" && typeof l.port === "number")).toHaveLength(1);

    // The factory reset cleared the owner password too: the portal asks for a new one.
    const body = new URLSearchParams({ ssid: "Maison", psk: "correct horse battery", code: "482-91-375", tic: "auto", owner_pw: "a new owner password", owner_pw2: "a new owner password" }).toString();
    const saved = await fetch(new URL("/save", portal.url), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    expect(saved.status).toBe(200);
    await saved.text();
    expect(await sim.waitFor((l) => l.type === "boot" && l.reason === "provisioned")).toMatchObject({ mode: "AUTO" });
    const hk2 = await sim.waitFor((l) => l.type === "homekit" && typeof l.port === "number" && l !== hk);
    expect(hk2).toMatchObject({ paired: false, setupCode: "482-91-375" });
    expect(hk2.deviceId).not.toBe(hk.deviceId);
  }, 60000);

  test("errors say what to do: bad option, missing capture, unwritable state dir", async () => {
    const bad = start(["--meter", "usb"]);
    expect(await bad.exitCode()).toBe(2);
    expect(bad.stderr).toMatch(/--meter: "usb" is not sim, file:PATH or serial:DEVICE/);

    const missing = start(["--state-dir", tempDir(), "--meter", "file:/nonexistent/capture.tic"]);
    expect(await missing.exitCode()).toBe(2);
    expect(missing.stderr).toMatch(/capture file \/nonexistent\/capture.tic not found/);

    const serial = start(["--state-dir", tempDir(), "--meter", "serial:/dev/ttyNOPE0"]);
    expect(await serial.exitCode()).toBe(2);
    expect(serial.stderr).toMatch(/serial device \/dev\/ttyNOPE0 not found/);

    const parent = tempDir();
    const file = join(parent, "a-file");
    writeFileSync(file, "not a directory");
    chmodSync(file, 0o444);
    const unwritable = start(["--state-dir", join(file, "state")]);
    expect(await unwritable.exitCode()).toBe(2);
    expect(unwritable.stderr).toMatch(/state dir .* is not writable .*--state-dir DIR/);
  });
});
