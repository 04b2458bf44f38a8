// XS lane for MQTT: broker URL and command decoding tables, the discovery builder and the whole bridge on a real
// Device over the in-memory link, on the real XS engine. Runs test/mqtt/cases.ts, the tables jest runs.
import { assert, assertEqual, run, test } from "./harness";
import capture from "fixture:tic/hist-tempo-1ph-hcjb-demain-roug.tic";
import { MANAGED_EXPECTED, runManagedBridge } from "../mqtt/manager-cases";
import { COMMAND_CASES, FOLLOWER_EXPECTED, URL_CASES, runBridge, runCommandCase, runFollowerCase, runUrlCase, zeroIndexValues } from "../mqtt/cases";

for (const c of URL_CASES) test(`broker url: ${c.url}`, () => assertEqual(runUrlCase(c.url), c.expect));
for (const c of COMMAND_CASES) test(`command: ${c.topic} ${c.payload.slice(0, 40)}`, () => assertEqual(runCommandCase(c.topic, c.payload), c.expect));

test("index values are published zeros included", () => {
  assertEqual(zeroIndexValues(), ["index_bbrhcjb=1000", "index_bbrhpjb=2000", "index_bbrhcjw=0", "index_bbrhpjw=0", "index_bbrhcjr=0", "index_bbrhpjr=0"]);
});

test("the bridge on a real Device: discovery valid for HA, unique ids, indexes, will, refusal, no re-send", () => {
  const r = runBridge(capture, "2026-01-14T23:00:00+01:00");
  assertEqual(r.problems, []);
  assertEqual(r.duplicateIds, 0);
  assert(r.configs >= 9 + 6 + 1 + 7, `only ${r.configs} configs`);
  assert(r.indexes.every((i) => /=\d+$/.test(i)), `indexes ${r.indexes.join(" ")}`);
  assertEqual(r.will, "delesteur/0a0b0c0d0e0f/status=offline/true");
  assertEqual(r.today, "blue");
  assertEqual(r.resentOnReplay, []);
  assert(r.refusal !== undefined, "no result for the HEAT command");
});

test("the follower on a real Device: leader's states to bounded overrides, silence, the owner's override, offline", () => {
  assertEqual(runFollowerCase(), FOLLOWER_EXPECTED);
});

test("water heater and heat pump entities on a real Device: discovery, availability, boost, target, SG-Ready mode", () => {
  assertEqual(runManagedBridge(), MANAGED_EXPECTED);
});

await run("mqtt");
