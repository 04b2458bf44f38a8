// The MQTT plugs' link on its own: a plug stopped (a restart of the box) while its exchange waits tells nothing after,
// and messages that are not a plug's own are left to the bridge.
import { nodeTimers } from "../../hal/node/clock";
import { utf8Encode } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { plugOutputFor } from "../../src/plugs/factory";
import { PlugMqttLink } from "../../src/plugs/mqtt-link";

function linked(): { link: PlugMqttLink; wire: string[] } {
  const link = new PlugMqttLink(nodeTimers);
  const wire: string[] = [];
  link.online({ clientId: "delesteur_x", publish: (t, p) => void wire.push(`${t} ${p}`) === undefined, subscribe: () => undefined });
  return { link, wire };
}
const deps = (link: PlugMqttLink) => ({ http: { request: () => Promise.reject(new Error("no HTTP")) }, timers: nodeTimers, logger: { log: () => undefined }, random: { fill: (b: Uint8Array) => b }, sha256: NOBLE_AUTH_PRIMITIVES.sha256, mqtt: link });

test.each([
  [{ type: "tasmota-mqtt" as const, topic: "tasmota_A1", relay: 1, wiring: "socket" as const }],
  [{ type: "shelly-mqtt" as const, device: "shellyplus1-x", channel: 0, wiring: "socket" as const }],
])("a plug stopped while its command waits tells nothing afterwards (%o)", async (spec) => {
  const { link, wire } = linked();
  const plug = plugOutputFor("bureau", spec, deps(link));
  const told: unknown[] = [];
  plug.onConfirmed((on) => told.push(on));
  plug.write(true);
  expect(wire.length).toBe(1); // the command is out, its answer awaited
  plug.stop();
  await new Promise((r) => setTimeout(r, 3_300)); // past the 3 s answer time-out
  expect(told).toEqual([]);
  expect(plug.status()).toMatchObject({ reachable: null, failures: 0 });
  // Its topics are not its own any more: the bridge gets them.
  expect(link.message("stat/tasmota_A1/RESULT", utf8Encode('{"POWER":"OFF"}'))).toBe(false);
  expect(link.message("shellyplus1-x/online", utf8Encode("false"))).toBe(false);
});
