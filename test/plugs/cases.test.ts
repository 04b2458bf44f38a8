// The plug protocol tables (the same run on XS in test/xs/plugs.xs.ts): answers as the devices document them,
// digest challenges, RFC 7616's SHA-256 vector, and a plug output on an in-memory Shelly through an outage.
import {
  CHALLENGE_CASES, RFC7616_RESPONSE, SHELLY_OUTPUT_EXPECTED, SHELLY_STATUS_CASES, TASMOTA_ENERGY_CASES, TASMOTA_POWER_CASES,
  challengeCase, rfc7616Response, runShellyOutput, shellyStatusCase, tasmotaEnergyCase, tasmotaPowerCase,
  MQTT_PLUGS_EXPECTED, SHELLY_FRAME_CASES, runMqttPlugs, shellyFrameCase,
} from "./cases";

test.each(SHELLY_STATUS_CASES)("Shelly status %#: %j", (c) => expect(shellyStatusCase(c)).toEqual(c.expect));
test.each(TASMOTA_POWER_CASES)("Tasmota power %#: %j", (c) => expect(tasmotaPowerCase(c)).toEqual(c.expect));
test.each(TASMOTA_ENERGY_CASES)("Tasmota energy %#: %j", (c) => expect(tasmotaEnergyCase(c)).toEqual(c.expect));
test.each(CHALLENGE_CASES)("challenge %#", (c) => expect(challengeCase(c)).toEqual(c.expect));
test("RFC 7616 §3.9.1 SHA-256 response", () => expect(rfc7616Response()).toBe(RFC7616_RESPONSE));
test("a plug output through a 401 challenge, an outage with back-off, and its return", async () => {
  expect(await runShellyOutput()).toEqual(SHELLY_OUTPUT_EXPECTED);
});
test.each(SHELLY_FRAME_CASES)("Shelly RPC frame over MQTT %#", (c) => expect(shellyFrameCase(c)).toEqual(c.expect));
test("a Tasmota and a Shelly over MQTT: read-backs, an error answer, a last will, a hand on the button, silence", async () => {
  expect(await runMqttPlugs()).toEqual(MQTT_PLUGS_EXPECTED);
});
