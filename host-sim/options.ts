// host-sim's command line: parses and checks every option, and the --help text.
// Never starts anything: main.ts acts on the parsed options; errors say which option and what to do.
import { parseBrokerUrl, validTopic } from "../src/mqtt/config";
import type { TicModeSetting } from "../src/tic/types";

export type MeterOption = { kind: "sim" } | { kind: "file"; path: string } | { kind: "serial"; device: string };

export interface HostSimOptions {
  meter: MeterOption;
  ticMode: TicModeSetting;
  stateDir: string;
  hapPort: number;
  setupCode?: string;
  bind: string;
  mdns: boolean;
  scenario?: string;
  fast: boolean;
  provision: boolean;
  httpPort: number;
  dnsPort: number;
  /** One JSON object per line instead of the live terminal view (default when stdout is not a terminal). */
  json: boolean;
  /** With --json, one line per meter frame too (`--json-frames`); without it, decisions and notices only. */
  jsonFrames: boolean;
  /** `--mqtt URL`: the broker for this run (over the saved settings, not saved). */
  mqttUrl?: string;
  /** `--mqtt-prefix PREFIX`: Home Assistant's discovery prefix for this run. */
  mqttPrefix?: string;
  /** `--gx-sim`: a simulated Victron GX on the --mqtt broker, the box's GX settings pointed at it for this run. */
  gxSim: boolean;
  /** `--gx-sky sunny|cloudy`: the simulated GX's PV day (default sunny). */
  gxSky: "sunny" | "cloudy";
  /** `--ca FILE`: a PEM certificate authority trusted, besides the system's, by the Internet tariff sources. */
  caFile?: string;
  help: boolean;
}

export const DEFAULT_OPTIONS: Readonly<HostSimOptions> = Object.freeze<HostSimOptions>({
  meter: { kind: "sim" },
  ticMode: "auto",
  stateDir: "./.delesteur",
  hapPort: 51826,
  bind: "0.0.0.0",
  mdns: true,
  fast: false,
  provision: false,
  httpPort: 8080,
  dnsPort: 5353,
  json: false,
  jsonFrames: false,
  gxSim: false,
  gxSky: "sunny",
  help: false,
});

export const HELP_TEXT = `délesteur host simulator: the box's firmware running in Node.

Usage: npm start -- [options]

  --meter sim|file:PATH|serial:DEVICE   meter input (default sim: a simulated Linky)
                                       file: replays a TIC capture; serial: a USB TIC reader, e.g. serial:/dev/ttyUSB0,
                                       reopened by itself when unplugged and plugged back
  --tic-mode historic|standard|auto    TIC mode (default auto; serial: 1200 baud historic, 9600 standard, 7E1; auto
                                       tries both and remembers the one that worked)
  --state-dir DIR                      where settings, pairings and mode are kept (default ./.delesteur)
  --hap-port N                         HomeKit (HAP) TCP port (default 51826)
  --setup-code XXX-XX-XXX              HomeKit setup code (default: random, shown once; only its verifier is kept;
                                       a different code is refused on a paired box)
  --bind ADDR                          address to listen on (default 0.0.0.0)
  --no-mdns                            do not advertise on mDNS (HomeKit then needs a manual address)
  --scenario FILE [--fast]             run a scenario file instead of the live box (--fast: virtual clock)
  --provision                          open the set-up portal (captive DNS + web page) first, then run the box
  --http-port N, --dns-port N          web page port in station mode, and the set-up portal's ports (default 8080, 5353;
                                       portal with --provision or after a factory reset)
  --json                               one JSON object per line instead of the live view: decisions and notices
  --json-frames                        with --json, a line per meter frame too (implies --json)
  --mqtt mqtt://[user:password@]host:port  publish to this MQTT broker, with Home Assistant discovery (this run only;
                                       the settings page saves a broker for good)
  --mqtt-prefix PREFIX                 Home Assistant's discovery prefix (default homeassistant)
  --gx-sim                             run a simulated Victron GX (battery, PV, ESS) on the --mqtt broker and point
                                       the box at it for this run (portal id found, ESS steered, surplus from the GX;
                                       not saved); needs --mqtt and a running broker (Debian: apt install mosquitto)
  --gx-sky sunny|cloudy                with --gx-sim, the PV day (default sunny)
  --ca FILE                            trust this PEM certificate authority too for the Internet tariff sources
                                       (RTE, tempoLight, community API): a proxy's or a local test server's
  --help                               this text

Keys in the live view: b = short press of the button, h = hold/release the button, q = quit.`;

export function parseOptions(argv: readonly string[]): { ok: true; options: HostSimOptions } | { ok: false; error: string } {
  const options: HostSimOptions = { ...DEFAULT_OPTIONS, meter: { kind: "sim" } };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (arg) {
      case "--help":
      case "-h":
        options.help = true;
        break;
      case "--meter": {
        const v = value() ?? "";
        if (v === "sim") options.meter = { kind: "sim" };
        else if (v.startsWith("file:") && v.length > 5) options.meter = { kind: "file", path: v.slice(5) };
        else if (v.startsWith("serial:") && v.length > 7) options.meter = { kind: "serial", device: v.slice(7) };
        else return { ok: false, error: `--meter: "${v}" is not sim, file:PATH or serial:DEVICE` };
        break;
      }
      case "--tic-mode": {
        const v = value();
        if (v !== "historic" && v !== "standard" && v !== "auto") return { ok: false, error: `--tic-mode: "${v ?? ""}" is not historic, standard or auto` };
        options.ticMode = v;
        break;
      }
      case "--state-dir": {
        const v = value();
        if (!v) return { ok: false, error: "--state-dir needs a directory" };
        options.stateDir = v;
        break;
      }
      case "--hap-port":
      case "--http-port":
      case "--dns-port": {
        const v = value() ?? "";
        const port = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(port >= 0 && port <= 65535)) return { ok: false, error: `${arg}: "${v}" is not a port number (0-65535)` };
        if (arg === "--hap-port") options.hapPort = port;
        else if (arg === "--http-port") options.httpPort = port;
        else options.dnsPort = port;
        break;
      }
      case "--setup-code": {
        const v = value() ?? "";
        if (!/^\d{3}-\d{2}-\d{3}$/.test(v)) return { ok: false, error: `--setup-code: "${v}" is not of the form 123-45-678` };
        options.setupCode = v;
        break;
      }
      case "--bind": {
        const v = value();
        if (!v) return { ok: false, error: "--bind needs an address, e.g. 127.0.0.1" };
        options.bind = v;
        break;
      }
      case "--no-mdns":
        options.mdns = false;
        break;
      case "--scenario": {
        const v = value();
        if (!v) return { ok: false, error: "--scenario needs a file" };
        options.scenario = v;
        break;
      }
      case "--fast":
        options.fast = true;
        break;
      case "--provision":
        options.provision = true;
        break;
      case "--json":
        options.json = true;
        break;
      case "--json-frames":
        options.json = true;
        options.jsonFrames = true;
        break;
      case "--mqtt": {
        const v = value() ?? "";
        const parsed = parseBrokerUrl(v);
        if (!parsed.ok) return { ok: false, error: `--mqtt: ${parsed.error}` };
        options.mqttUrl = v;
        break;
      }
      case "--mqtt-prefix": {
        const v = value() ?? "";
        if (!validTopic(v)) return { ok: false, error: `--mqtt-prefix: "${v}" is not a topic (letters, digits, _ - /)` };
        options.mqttPrefix = v;
        break;
      }
      case "--gx-sim":
        options.gxSim = true;
        break;
      case "--gx-sky": {
        const v = value();
        if (v !== "sunny" && v !== "cloudy") return { ok: false, error: `--gx-sky: "${v ?? ""}" is not sunny or cloudy` };
        options.gxSky = v;
        break;
      }
      case "--ca": {
        const v = value() ?? "";
        if (v === "") return { ok: false, error: "--ca needs a PEM file" };
        options.caFile = v;
        break;
      }
      default:
        return { ok: false, error: `unknown option "${arg}" (see --help)` };
    }
  }
  if (options.fast && !options.scenario) return { ok: false, error: "--fast only goes with --scenario FILE" };
  if (options.gxSim && options.mqttUrl === undefined) return { ok: false, error: "--gx-sim needs --mqtt mqtt://host:port: the simulated GX publishes on that broker (e.g. a local mosquitto: --mqtt mqtt://127.0.0.1:1883)" };
  if (options.gxSim && options.scenario) return { ok: false, error: "--gx-sim runs with the live box, not with --scenario" };
  if (argv.includes("--gx-sky") && !options.gxSim) return { ok: false, error: "--gx-sky only goes with --gx-sim" };
  return { ok: true, options };
}
