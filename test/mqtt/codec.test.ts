// MQTT codec, command decoding and the bridge on the loopback link (the same tables the XS lane runs).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseOptions } from "../../host-sim/options";
import { validateSettings } from "../../src/settings/validate";
import { loadEntities } from "../../src/mqtt/entities";
import type { ControllerSnapshot } from "../../src/app/types";
import { MANAGED_EXPECTED, runManagedBridge } from "./manager-cases";
import { COMMAND_CASES, FOLLOWER_EXPECTED, URL_CASES, runBridge, runCommandCase, runFollowerCase, runUrlCase, zeroIndexValues } from "./cases";

const capture = new Uint8Array(readFileSync(join(__dirname, "../../../shared/fixtures/tic/hist-tempo-1ph-hcjb-demain-roug.tic")));

describe("broker URL", () => {
  test.each(URL_CASES)("$url → $expect", ({ url, expect: expected }) => expect(runUrlCase(url)).toBe(expected));
});

describe("command decoding", () => {
  test.each(COMMAND_CASES)("$topic $payload → $expect", ({ topic, payload, expect: expected }) => expect(runCommandCase(topic, payload)).toBe(expected));
});

test("index values are published zeros included", () => {
  expect(zeroIndexValues()).toEqual(["index_bbrhcjb=1000", "index_bbrhpjb=2000", "index_bbrhcjw=0", "index_bbrhpjw=0", "index_bbrhcjr=0", "index_bbrhpjr=0"]);
});

test("the bridge on a real Device: valid discovery, Tempo indexes, will, refusal, and nothing re-sent but changed figures", () => {
  const run = runBridge(capture, "2026-01-14T23:00:00+01:00");
  expect(run.problems).toEqual([]);
  expect(run.duplicateIds).toBe(0);
  expect(run.configs).toBeGreaterThanOrEqual(9 + 6 + 1 + 7);
  expect(run.indexes.every((i) => /=\d+$/.test(i))).toBe(true);
  expect(run.will).toBe("delesteur/0a0b0c0d0e0f/status=offline/true");
  expect(run.today).toBe("blue");
  expect(run.resentOnReplay).toEqual([]);
  expect(run.refusal).toBeDefined();
});

describe("settings rows and host-sim flags", () => {
  test("a broker URL and topics are validated by field; the password is a secret row", () => {
    const bad = validateSettings({ mqttUrl: "http://x", mqttBaseTopic: "a/#", mqttDiscoveryPrefix: "" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(["mqttBaseTopic", "mqttUrl"]);
    const good = validateSettings({ mqttEnabled: true, mqttUrl: "mqtt://10.0.0.2:1883", mqttPassword: "p" });
    expect(good.ok).toBe(true);
  });
  test("--mqtt and --mqtt-prefix", () => {
    expect(parseOptions(["--mqtt", "mqtt://u:p@127.0.0.1:1883", "--mqtt-prefix", "ha"])).toMatchObject({ ok: true, options: { mqttUrl: "mqtt://u:p@127.0.0.1:1883", mqttPrefix: "ha" } });
    expect(parseOptions(["--mqtt", "127.0.0.1"])).toMatchObject({ ok: false });
    expect(parseOptions(["--mqtt-prefix", "a/+"])).toMatchObject({ ok: false });
  });
});

test("the follower: leader's states to bounded overrides, renewal, silence, the owner's override, offline", () => {
  expect(runFollowerCase()).toEqual(FOLLOWER_EXPECTED);
});

test("a held load's reason attributes stay the same from frame to frame (retained: no write while only the hold's clock moves)", () => {
  const reason = loadEntities("chauffe-eau", "Chauffe-eau", () => 0).find((e) => e.path.endsWith("/reason"))!;
  const source = (detail: string) => ({ snapshot: { loads: [{ id: "chauffe-eau", reason: "normal", detail }] } as unknown as ControllerSnapshot, reading: undefined });
  const first = reason.attributes!(source("wants on; held by min_off: off for 28517 ms < 60000 ms"));
  expect(reason.attributes!(source("wants on; held by min_off: off for 30517 ms < 60000 ms"))).toBe(first);
  expect(JSON.parse(first!)).toEqual({ text_fr: expect.any(String), text_en: expect.any(String) });
});

test("water heater and heat pump entities on a real Device: discovery valid for HA, the probe's availability, boost, target and SG-Ready mode through the API's checks", () => {
  expect(runManagedBridge()).toEqual(MANAGED_EXPECTED);
});
