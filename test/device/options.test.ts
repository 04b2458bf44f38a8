import { parseOptions } from "../../host-sim/options";

describe("host-sim options", () => {
  test("no options: the built-in defaults", () => {
    expect(parseOptions([])).toEqual({ ok: true, options: expect.objectContaining({ meter: { kind: "sim" }, ticMode: "auto", stateDir: "./.delesteur", hapPort: 51826, mdns: true }) });
  });

  test.each([
    [["--meter", "file:/tmp/a.tic"], { meter: { kind: "file", path: "/tmp/a.tic" } }],
    [["--meter", "serial:/dev/ttyUSB0", "--tic-mode", "standard"], { meter: { kind: "serial", device: "/dev/ttyUSB0" }, ticMode: "standard" }],
    [["--hap-port", "0", "--no-mdns", "--bind", "127.0.0.1", "--setup-code", "101-48-005"], { hapPort: 0, mdns: false, bind: "127.0.0.1", setupCode: "101-48-005" }],
    [["--scenario", "x.json", "--fast"], { scenario: "x.json", fast: true }],
    [["--provision", "--http-port", "8081", "--dns-port", "5300"], { provision: true, httpPort: 8081, dnsPort: 5300 }],
  ])("%j", (argv, expected) => {
    const parsed = parseOptions(argv);
    expect(parsed).toEqual({ ok: true, options: expect.objectContaining(expected) });
  });

  test.each([
    [["--meter", "usb"], /--meter/],
    [["--tic-mode", "fast"], /--tic-mode/],
    [["--hap-port", "70000"], /--hap-port.*port number/],
    [["--setup-code", "12345678"], /--setup-code.*123-45-678/],
    [["--fast"], /--fast only goes with --scenario/],
    [["--state-dir"], /--state-dir needs a directory/],
    [["--frobnicate"], /unknown option "--frobnicate"/],
  ])("%j is refused with a message naming the option", (argv, message) => {
    const parsed = parseOptions(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});
