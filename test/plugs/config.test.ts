// A load's `outputs` setting: smart plugs validated field by field through validateSettings, and their passwords
// kept out of what pages and the API show but kept across a write that leaves them out.
import { loadsWithoutSecrets, withKeptSecrets } from "../../src/plugs/config";
import { validateSettings } from "../../src/settings/validate";

function loads(...list: Record<string, unknown>[]) {
  return validateSettings({ loads: list.map((l, i) => ({ id: `l${i}`, nominalPowerW: 1000, kind: "relay", ...l })) });
}
function errorsOf(...list: Record<string, unknown>[]) {
  const r = loads(...list);
  return r.ok ? [] : r.errors;
}

describe("outputs setting", () => {
  test("Shelly and Tasmota outputs, over HTTP or MQTT, take their defaults (channel 0, relay 1, socket wiring); absent means the board's pins", () => {
    const r = loads(
      { outputs: [{ type: "shelly", host: "192.168.1.50" }] },
      { outputs: [{ type: "tasmota", host: "plug-salon.lan:8080", relay: 2, user: "admin", password: "pw" }] },
      { kind: "fil-pilote-2", outputs: [{ type: "shelly", host: "10.0.0.7", channel: 0, wiring: "contact", password: "x" }, { type: "shelly", host: "10.0.0.7", channel: 1, wiring: "contact", password: "x" }] },
      { outputs: [{ type: "tasmota-mqtt", topic: "tasmota_A1B2C3" }] },
      { kind: "fil-pilote-2", outputs: [{ type: "shelly-mqtt", device: "shellypro2-c8f09e47e6f0", wiring: "contact" }, { type: "shelly-mqtt", device: "home/garage/pro2", channel: 1, wiring: "contact" }] },
      {},
    );
    expect(r.ok && r.settings.loads.map((l) => l.outputs)).toEqual([
      [{ type: "shelly", host: "192.168.1.50", channel: 0, wiring: "socket" }],
      [{ type: "tasmota", host: "plug-salon.lan:8080", relay: 2, user: "admin", password: "pw", wiring: "socket" }],
      [
        { type: "shelly", host: "10.0.0.7", channel: 0, wiring: "contact", password: "x" },
        { type: "shelly", host: "10.0.0.7", channel: 1, wiring: "contact", password: "x" },
      ],
      [{ type: "tasmota-mqtt", topic: "tasmota_A1B2C3", relay: 1, wiring: "socket" }],
      [
        { type: "shelly-mqtt", device: "shellypro2-c8f09e47e6f0", channel: 0, wiring: "contact" },
        { type: "shelly-mqtt", device: "home/garage/pro2", channel: 1, wiring: "contact" },
      ],
      undefined,
    ]);
  });

  test.each([
    [{ outputs: {} }, "loads[0].outputs", "must be an array of outputs (one per contact)"],
    [{ outputs: [] }, "loads[0].outputs", "a relay load has 1 contact: give 1 output, got 0"],
    [{ kind: "sg-ready", outputs: [{ type: "shelly", host: "1.2.3.4" }] }, "loads[0].outputs", "a sg-ready load has 2 contacts: give 2 outputs, got 1"],
    [{ kind: "modulating", outputs: [{ type: "shelly", host: "1.2.3.4" }] }, "loads[0].outputs", "a modulating load has no contact (it is driven by a setpoint): give no outputs"],
    [{ outputs: ["192.168.1.50"] }, "loads[0].outputs[0]", 'must be an object like {"type": "shelly", "host": "192.168.1.50"}'],
    [{ outputs: [{ type: "sonoff", host: "1.2.3.4" }] }, "loads[0].outputs[0].type",   'must be one of shelly, tasmota, shelly-mqtt, tasmota-mqtt, got "sonoff"'],
    [{ outputs: [{ type: "tasmota-mqtt" }] }, "loads[0].outputs[0].topic", 'must be the device\'s Tasmota Topic (1–32 letters, digits, _ . -; no / or wildcard), e.g. tasmota_A1B2C3, got undefined'],
    [{ outputs: [{ type: "tasmota-mqtt", topic: "cmnd/tasmota_A1" }] }, "loads[0].outputs[0].topic", expect.stringContaining("no / or wildcard")],
    [{ outputs: [{ type: "tasmota-mqtt", topic: "tasmota_+" }] }, "loads[0].outputs[0].topic", expect.stringContaining("no / or wildcard")],
    [{ outputs: [{ type: "tasmota-mqtt", topic: "t".repeat(33) }] }, "loads[0].outputs[0].topic", expect.stringContaining("1–32")],
    [{ outputs: [{ type: "tasmota-mqtt", topic: "tasmota_A1", relay: 33 }] }, "loads[0].outputs[0].relay", "must be an integer between 1 and 32, got 33"],
    [{ outputs: [{ type: "tasmota-mqtt", topic: "tasmota_A1", host: "1.2.3.4" }] }, "loads[0].outputs[0].host", "unknown tasmota-mqtt output field: an MQTT plug is reached through the box's MQTT broker (settings: MQTT)"],
    [{ outputs: [{ type: "shelly-mqtt", device: "shellyplus1pm-a8", password: "pw" }] }, "loads[0].outputs[0].password", expect.stringContaining("through the box's MQTT broker")],
    [{ outputs: [{ type: "shelly-mqtt", device: "shellies/#" }] }, "loads[0].outputs[0].device", expect.stringContaining("MQTT topic prefix")],
    [{ outputs: [{ type: "shelly-mqtt", device: "/shellyplus1" }] }, "loads[0].outputs[0].device", expect.stringContaining("no wildcard")],
    [{ outputs: [{ type: "shelly-mqtt", device: "shellyplus1pm-a8", channel: -1 }] }, "loads[0].outputs[0].channel", "must be an integer between 0 and 15, got -1"],
    [{ outputs: [{ type: "shelly-mqtt", device: "shellyplus1pm-a8", wiring: "nc" }] }, "loads[0].outputs[0].wiring", 'must be one of socket, contact, got "nc"'],
    [{ outputs: [{ type: "shelly", host: "http://1.2.3.4" }] }, "loads[0].outputs[0].host", "must be an IPv4 address or host name with an optional :port (no http://, no path), e.g. 192.168.1.50"],
    [{ outputs: [{ type: "shelly", host: "1.2.3.4/rpc" }] }, "loads[0].outputs[0].host", expect.stringContaining("must be an IPv4 address")],
    [{ outputs: [{ type: "shelly", host: "admin:pw@1.2.3.4" }] }, "loads[0].outputs[0].host", expect.stringContaining("must be an IPv4 address")],
    [{ outputs: [{ type: "shelly", host: "192.168.1.300" }] }, "loads[0].outputs[0].host", expect.stringContaining("must be an IPv4 address")],
    [{ outputs: [{ type: "shelly", host: "1.2.3.4:70000" }] }, "loads[0].outputs[0].host", expect.stringContaining("must be an IPv4 address")],
    [{ outputs: [{ type: "shelly", host: "" }] }, "loads[0].outputs[0].host", expect.stringContaining("must be an IPv4 address")],
    [{ outputs: [{ type: "shelly", host: "1.2.3.4", channel: 16 }] }, "loads[0].outputs[0].channel", "must be an integer between 0 and 15, got 16"],
    [{ outputs: [{ type: "shelly", host: "1.2.3.4", relay: 1 }] }, "loads[0].outputs[0].relay", "unknown shelly output field"],
    [{ outputs: [{ type: "shelly", host: "1.2.3.4", user: "bob" }] }, "loads[0].outputs[0].user", "a Shelly's user is always admin: leave it out"],
    [{ outputs: [{ type: "shelly", host: "1.2.3.4", wiring: "nc" }] }, "loads[0].outputs[0].wiring", 'must be one of socket, contact, got "nc"'],
    [{ outputs: [{ type: "tasmota", host: "1.2.3.4", relay: 0 }] }, "loads[0].outputs[0].relay", "must be an integer between 1 and 32, got 0"],
    [{ outputs: [{ type: "tasmota", host: "1.2.3.4", password: "pw" }] }, "loads[0].outputs[0].user", "is required with a password (Tasmota's web user is usually admin)"],
    [{ outputs: [{ type: "tasmota", host: "1.2.3.4", user: "admin", password: "x".repeat(65) }] }, "loads[0].outputs[0].password", "must be at most 64 characters"],
    [{ outputs: [{ type: "tasmota", host: "1.2.3.4", user: "admin", password: "a\r\nb" }] }, "loads[0].outputs[0].password", "must not hold control characters"],
    [{ outputs: [{ type: "tasmota", host: "1.2.3.4", user: 7 }] }, "loads[0].outputs[0].user", "must be a string"],
  ])("%o is refused: %s %s", (load, field, message) => {
    expect(errorsOf(load)).toEqual([{ field, message }]);
  });

  test("passwords: left out of what is shown, kept when a write leaves them out for the same device, cleared by \"\"", () => {
    const r = loads({ id: "salon", outputs: [{ type: "shelly", host: "10.0.0.7", password: "s3cret" }] });
    if (!r.ok) throw new Error("refused");
    const shown = loadsWithoutSecrets(r.settings.loads);
    expect(JSON.stringify(shown)).not.toContain("s3cret");
    expect((r.settings.loads[0].outputs?.[0] as { password?: string }).password).toBe("s3cret"); // the stored settings are not touched
    const kept = withKeptSecrets(JSON.parse(JSON.stringify(shown)), r.settings.loads) as { outputs: { password?: string }[] }[];
    expect(kept[0].outputs[0].password).toBe("s3cret");
    const moved = withKeptSecrets([{ ...shown[0], outputs: [{ type: "shelly", host: "10.0.0.8" }] }], r.settings.loads) as { outputs: { password?: string }[] }[];
    expect(moved[0].outputs[0].password).toBeUndefined(); // another device: the old password does not follow
    const cleared = withKeptSecrets([{ ...shown[0], outputs: [{ type: "shelly", host: "10.0.0.7", password: "" }] }], r.settings.loads) as { outputs: { password?: string }[] }[];
    expect(cleared[0].outputs[0].password).toBe("");
  });
});
