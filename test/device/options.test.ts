import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HELP_TEXT, parseOptions } from "../../host-sim/options";

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

  test("README's host-sim section, --help and the parser name the same options", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Host simulator options"), readme.indexOf("\n## ", readme.indexOf("## Host simulator options") + 3));
    const named = (text: string) => Array.from(new Set(text.match(/--[a-z][a-z-]+/g) ?? [])).sort();
    expect(named(section)).toEqual(named(HELP_TEXT));
    for (const option of named(HELP_TEXT)) {
      const parsed = parseOptions([option, "x"]);
      if (!parsed.ok) expect(parsed.error).not.toContain(`unknown option "${option}"`);
    }
  });
});
