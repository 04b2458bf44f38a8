// host-sim as Apple Home sees it: a real HomeKit controller (hap-controller) pairs with `npm start`, writes the
// Thermostat target, and the Device's mode follows; a restart on the same state dir keeps pairing and mode.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpClient } from "../homekit/support/hap-client";
import { HostSim } from "./host-sim-process";

const CODE = "101-48-005";
const HEAT = 1;
const AUTO = 3;
const running: HostSim[] = [];
let stateDir = "";

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), "delesteur-hk-"));
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.kill()));
  rmSync(stateDir, { recursive: true, force: true });
});

/** `setupCode` null: started without --setup-code. */
function start(setupCode: string | null = CODE, dir = stateDir): HostSim {
  const codeArgs = setupCode === null ? [] : ["--setup-code", setupCode];
  const sim = new HostSim(["--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns", ...codeArgs, "--state-dir", dir]);
  running.push(sim);
  return sim;
}

interface AccessoryList {
  accessories: { aid: number; services: { characteristics: { iid: number; type: string }[] }[] }[];
}

/** "aid.iid" of TargetHeatingCoolingState (type 33), found in the accessory database like a controller would. */
function targetStateId(list: AccessoryList): string {
  for (const a of list.accessories)
    for (const s of a.services)
      for (const c of s.characteristics) if (/^0*33(-0000-1000-8000-0026BB765291)?$/i.test(c.type)) return `${a.aid}.${c.iid}`;
  throw new Error("no TargetHeatingCoolingState in /accessories");
}

test("pair, write HEAT from Apple Home, restart: still paired and still HEAT", async () => {
  const first = start();
  const hk = (await first.waitFor((l) => l.type === "homekit" && typeof l.port === "number")) as { port: number; deviceId: string; paired: boolean };
  expect(hk.paired).toBe(false);
  const pairer = new HttpClient(hk.deviceId, "127.0.0.1", hk.port);
  await pairer.pairSetup(CODE);
  const pairing = pairer.getLongTermData();
  const client = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairing as never);
  const target = targetStateId((await client.getAccessories()) as AccessoryList);
  await client.setCharacteristics({ [target]: HEAT });
  const mode = await first.waitFor((l) => l.type === "mode");
  expect(mode).toMatchObject({ mode: "HEAT", reason: expect.stringMatching(/homekit/) });
  // Flash writes are debounced by the Controller: wait for the owner's record before cutting the power.
  await first.waitFor((l) => l.type === "persist" && l.key === "owner" && first.lines.indexOf(l) > first.lines.indexOf(mode));
  await first.kill();

  const second = start();
  const hk2 = (await second.waitFor((l) => l.type === "homekit" && typeof l.port === "number")) as { port: number; deviceId: string; paired: boolean };
  expect(hk2).toMatchObject({ deviceId: hk.deviceId, paired: true });
  expect(await second.waitFor((l) => l.type === "boot")).toMatchObject({ mode: "HEAT" });
  const again = new HttpClient(hk2.deviceId, "127.0.0.1", hk2.port, pairing as never);
  const read = (await again.getCharacteristics([target])) as { characteristics: { value: number }[] };
  expect(read.characteristics[0].value).toBe(HEAT);
  await again.setCharacteristics({ [target]: AUTO });
  await second.waitFor((l) => l.type === "mode" && l.mode === "AUTO");
}, 60000);

test("the code is not kept: a restart says so, a new code replaces it while unpaired, and is refused once paired", async () => {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-code-"));
  try {
    const first = start("101-48-005", dir);
    expect(await first.waitFor((l) => l.type === "homekit" && typeof l.port === "number")).toMatchObject({ setupCode: "101-48-005" });
    await first.kill();

    const plain = start(null, dir);
    const line = await plain.waitFor((l) => l.type === "homekit" && typeof l.port === "number");
    expect(line.setupCode).toBeUndefined();
    expect(await plain.waitFor((l) => l.type === "homekit-banner" && /setup code/.test(String(l.text)))).toMatchObject({
      text: expect.stringContaining("set at first start (not stored, by design); to choose a new one: npm start -- --setup-code XXX-XX-XXX"),
    });
    await plain.kill();

    const renewed = start("271-82-818", dir);
    const hk = (await renewed.waitFor((l) => l.type === "homekit" && typeof l.port === "number")) as { port: number; deviceId: string };
    await expect(new HttpClient(hk.deviceId, "127.0.0.1", hk.port).pairSetup("101-48-005")).rejects.toMatchObject({ statusCode: 2 });
    await new HttpClient(hk.deviceId, "127.0.0.1", hk.port).pairSetup("271-82-818");
    await renewed.kill();

    const refused = start("314-15-926", dir);
    expect(await refused.exitCode()).toBe(2);
    expect(refused.stderr).toMatch(/--setup-code 314-15-926 refused: the box is paired with Apple Home/);

    const same = start("271-82-818", dir);
    expect(await same.waitFor((l) => l.type === "homekit" && typeof l.port === "number")).toMatchObject({ paired: true, setupCode: "271-82-818" });
    await same.kill();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90000);
