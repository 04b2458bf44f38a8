// The Linux box's config names a contact's smart plug as {"remote": {...}}: its hook (linux/outputs.ts) is filled by
// host-sim/plugs.ts, so such a contact switches a real (loopback) Shelly, and a bad device is refused with its field.
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { NodeHttpClient } from "../../hal/node/http-client";
import type { RemoteOutput } from "../../hal/types";
import { nodePlugs } from "../../host-sim/plugs";
import { parseBoxConfig } from "../../linux/config";
import { buildOutputs } from "../../linux/outputs";
import { FakeShelly } from "./fake-devices";

const client = new NodeHttpClient();
afterAll(() => client.close());
const logger = { log: () => undefined };

function config(remote: Record<string, unknown>) {
  const parsed = parseBoxConfig(JSON.stringify({
    meter: { device: "/dev/ttyUSB0", ticMode: "historic" },
    stateDir: "/tmp/delesteur-never-written",
    outputs: { bureau: [{ remote }] },
    settings: { loads: [{ id: "bureau", name: "Bureau", kind: "relay", nominalPowerW: 1500 }] },
  }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

test("a remote contact in the Linux config switches its Shelly and is confirmed; a bad device is refused by field", async () => {
  const shelly = await new FakeShelly("pw").start();
  const plugs = nodePlugs(logger, client);
  try {
    const built = buildOutputs(config({ type: "shelly", host: shelly.host, password: "pw" }), { clock: nodeClock, timers: nodeTimers, logger, remote: plugs.remoteOutput });
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    const output = built.outputs.loads.bureau.outputs[0] as RemoteOutput;
    const confirmed: (boolean | null)[] = [];
    output.onConfirmed((on) => confirmed.push(on));
    output.write(true); // shed: the socket plug goes off
    const until = Date.now() + 5000;
    while (confirmed.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(confirmed).toEqual([true]);
    expect(shelly.outputs[0]).toBe(false);

    const refused = buildOutputs(config({ type: "shelly", host: "http://10.0.0.7" }), { clock: nodeClock, timers: nodeTimers, logger, remote: plugs.remoteOutput });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors).toEqual([{ field: "outputs.bureau[0].remote.host", message: expect.stringContaining("no http://") }]);
  } finally {
    plugs.stop();
    await shelly.close();
  }
});

test("the Linux config takes MQTT plugs as remote contacts (the broker is the box's MQTT setting), refused by field", () => {
  const plugs = nodePlugs(logger, client);
  try {
    const built = buildOutputs(config({ type: "tasmota-mqtt", topic: "tasmota_A1B2C3" }), { clock: nodeClock, timers: nodeTimers, logger, remote: plugs.remoteOutput });
    expect(built.ok).toBe(true);
    const refused = buildOutputs(config({ type: "shelly-mqtt", device: "shellyplus1-x", host: "10.0.0.7" }), { clock: nodeClock, timers: nodeTimers, logger, remote: plugs.remoteOutput });
    expect(refused.ok ? [] : refused.errors).toEqual([{ field: "outputs.bureau[0].remote.host", message: "unknown shelly-mqtt output field: an MQTT plug is reached through the box's MQTT broker (settings: MQTT)" }]);
  } finally {
    plugs.stop();
  }
});
