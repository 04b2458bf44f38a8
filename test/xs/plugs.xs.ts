// XS lane for smart plugs: Shelly and Tasmota answer parsers, digest challenges, RFC 7616's SHA-256 vector and a
// plug output through a 401 challenge and an outage, MQTT plugs on an in-memory broker, on the real XS engine. Runs test/plugs/cases.ts, as jest does.
import { assertEqual, run, test } from "./harness";
import {
  CHALLENGE_CASES, RFC7616_RESPONSE, SHELLY_OUTPUT_EXPECTED, SHELLY_STATUS_CASES, TASMOTA_ENERGY_CASES, TASMOTA_POWER_CASES,
  challengeCase, rfc7616Response, runShellyOutput, shellyStatusCase, tasmotaEnergyCase, tasmotaPowerCase,
  MQTT_PLUGS_EXPECTED, SHELLY_FRAME_CASES, runMqttPlugs, shellyFrameCase,
} from "../plugs/cases";

SHELLY_STATUS_CASES.forEach((c, i) => test(`Shelly status ${i}`, () => assertEqual(shellyStatusCase(c), c.expect)));
TASMOTA_POWER_CASES.forEach((c, i) => test(`Tasmota power ${i}`, () => assertEqual(tasmotaPowerCase(c), c.expect)));
TASMOTA_ENERGY_CASES.forEach((c, i) => test(`Tasmota energy ${i}`, () => assertEqual(tasmotaEnergyCase(c), c.expect)));
CHALLENGE_CASES.forEach((c, i) => test(`digest challenge ${i}`, () => assertEqual(challengeCase(c), c.expect)));
test("RFC 7616 SHA-256 response", () => assertEqual(rfc7616Response(), RFC7616_RESPONSE));
test("a plug output through a challenge, an outage and its return", async () => assertEqual(await runShellyOutput(), SHELLY_OUTPUT_EXPECTED));
SHELLY_FRAME_CASES.forEach((c, i) => test(`Shelly RPC frame over MQTT ${i}`, () => assertEqual(shellyFrameCase(c), c.expect)));
test("a Tasmota and a Shelly over MQTT: read-backs, an error answer, a last will, a hand on the button, silence", async () => assertEqual(await runMqttPlugs(), MQTT_PLUGS_EXPECTED));

await run("plugs");
