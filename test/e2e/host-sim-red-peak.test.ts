// The product's promise end to end: on a red peak the heaters are shed and Apple Home cannot cancel it.
// host-sim reads red-HP frames through the real decoder, a real controller (hap-controller) pairs and writes HEAT.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpClient } from "../homekit/support/hap-client";
import { HostSim } from "./host-sim-process";
import { writeRedPeakCapture } from "./red-peak-capture";

const CODE = "520-31-946";
const HEAT = 1;
const AUTO = 3;
let dir = "";
let capture = "";
let sim: HostSim | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-red-"));
  capture = writeRedPeakCapture(dir);
});

afterAll(async () => {
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

interface AccessoryList {
  accessories: { aid: number; services: { characteristics: { iid: number; type: string }[] }[] }[];
}

function idOf(list: AccessoryList, shortType: string): string {
  const pattern = new RegExp(`^0*${shortType}(-0000-1000-8000-0026BB765291)?$`, "i");
  for (const a of list.accessories)
    for (const s of a.services) for (const c of s.characteristics) if (pattern.test(c.type)) return `${a.aid}.${c.iid}`;
  throw new Error(`no characteristic ${shortType}`);
}

test("red peak: heaters shed with reason red_peak; a HEAT write from Apple Home is refused and reads back AUTO", async () => {
  sim = new HostSim([
    "--meter", `file:${capture}`, "--tic-mode", "historic", "--hap-port", "0", "--bind", "127.0.0.1",
    "--no-mdns", "--setup-code", CODE, "--state-dir", join(dir, "state"),
  ]);
  await sim.waitFor((l) => l.type === "tariff" && l.colour === "red" && l.period === "hp");
  const shed = await sim.waitFor((l) => l.type === "load" && l.on === false && l.reason === "red_peak");
  expect(shed).toMatchObject({ on: false, reason: "red_peak" });

  const hk = (await sim.waitFor((l) => l.type === "homekit" && typeof l.port === "number")) as { port: number; deviceId: string };
  const pairer = new HttpClient(hk.deviceId, "127.0.0.1", hk.port);
  await pairer.pairSetup(CODE);
  const client = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairer.getLongTermData() as never);
  const list = (await client.getAccessories()) as AccessoryList;
  const target = idOf(list, "33");
  const current = idOf(list, "F");
  const tomorrowSensor = idOf(list, "6A");

  await client.setCharacteristics({ [target]: HEAT });
  const refused = await sim.waitFor((l) => l.type === "refused");
  expect(refused).toMatchObject({ request: expect.stringMatching(/HEAT/), reason: expect.stringMatching(/red/) });
  const read = (await client.getCharacteristics([target, current, tomorrowSensor])) as {
    characteristics: { aid: number; iid: number; value: number }[];
  };
  const byId = new Map(read.characteristics.map((c) => [`${c.aid}.${c.iid}`, c.value]));
  expect(byId.get(target)).toBe(AUTO);
  expect(byId.get(current)).toBe(0); // OFF: the heating loads are shed
  expect(byId.get(tomorrowSensor)).toBe(1); // tomorrow is white: the "Demain rouge/blanc" sensor is open
  expect(sim.lines.some((l) => l.type === "mode" && l.mode === "HEAT")).toBe(false);
}, 60000);
