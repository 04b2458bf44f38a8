// host-sim's HomeKit part: the real HAP server on a real TCP port, state in a directory, mDNS via ciao, and the
// setup code, X-HM:// URI and QR code printed in the terminal. Never decides thermostat values: the binding does.
import { webcrypto } from "node:crypto";
import * as path from "node:path";
import qrcode from "qrcode-terminal";
import { nodeTimers, jsonLogger } from "../hal/node/clock";
import { CiaoAdvertiser } from "../hal/node/mdns";
import { FileKeyValueStore } from "../hal/node/store";
import { NodeTcpNetwork } from "../hal/node/tcp";
import type { Logger, ServiceAdvertiser, Timers } from "../hal/types";
import { thermostatDatabase, type AccessoryInfo, type ThermostatBinding } from "../homekit/accessory";
import { createNobleCrypto } from "../homekit/crypto/noble";
import { KvPairingStore } from "../homekit/pairing-store";
import { HapServer } from "../homekit/server";
import { generateSetupCode, validateSetupCode } from "../homekit/setup-code";
import { CATEGORY_THERMOSTAT, setupUri } from "../homekit/setup-uri";

export interface StartHomeKitOptions {
  port: number;
  bind?: string;
  /** HomeKit state lives in `<stateDir>/homekit`. */
  stateDir: string;
  /** The owner's --setup-code: adopted on an unpaired box; a different code on a paired box is refused. */
  setupCode?: string;
  /** The code saved by the set-up portal, waiting to become a verifier: always adopted (the caller then clears it). */
  pendingSetupCode?: string;
  mdns: boolean;
  /** Run mDNS on these interfaces only (default: all); tests pass ["lo"]. */
  mdnsInterfaces?: string[];
  binding: ThermostatBinding & { onChange?(listener: () => void): void };
  info?: Partial<AccessoryInfo>;
  logger?: Logger;
  timers?: Timers;
  /** Terminal output (setup code, URI, QR); defaults to stdout. */
  print?: (text: string) => void;
  /** Replaces ciao (tests). */
  advertiser?: ServiceAdvertiser;
  pollIntervalMs?: number;
  /** Called with the server before it listens (host-sim attaches the Switch per load here, so c# counts them). */
  beforeStart?: (server: HapServer, info: AccessoryInfo) => void;
}

export interface HomeKitHandle {
  server: HapServer;
  port: number;
  deviceId: string;
  /** Known only on the start that set it (given or generated); later starts keep just the SRP verifier. */
  setupCode: string | undefined;
  setupUri: string | undefined;
  paired(): boolean;
  close(): Promise<void>;
}

/** --setup-code on a paired box: the new code could never be used, so say so rather than change it silently. */
export class SetupCodeRefused extends Error {}

export const DEFAULT_ACCESSORY_INFO: AccessoryInfo = Object.freeze({
  name: "Délesteur",
  manufacturer: "délesteur project",
  model: "Délesteur Linky/Tempo",
  serialNumber: "HOSTSIM-0001",
  firmwareRevision: "0.1.0",
});

export async function startHomeKit(options: StartHomeKitOptions): Promise<HomeKitHandle> {
  const print = options.print ?? ((text: string) => void process.stdout.write(text + "\n"));
  const logger = options.logger ?? jsonLogger({ minLevel: "warn" });
  for (const given of [options.setupCode, options.pendingSetupCode]) {
    const check = given === undefined ? { ok: true as const } : validateSetupCode(given);
    if (!check.ok) throw new SetupCodeRefused(`setup code ${given} refused: ${check.reason}`);
  }
  const random = (length: number): Uint8Array => webcrypto.getRandomValues(new Uint8Array(length));
  const crypto = createNobleCrypto(random);
  const store = new KvPairingStore({
    store: new FileKeyValueStore(path.join(options.stateDir, "homekit")),
    crypto,
    setupCode: options.pendingSetupCode,
    generateSetupCode: () => generateSetupCode(random),
  });
  if (options.setupCode !== undefined) {
    if (store.isPaired() && !store.matchesSetupCode(options.setupCode)) {
      throw new SetupCodeRefused(
        `--setup-code ${options.setupCode} refused: the box is paired with Apple Home, which never asks for the code again. ` +
          "Remove the Délesteur in the Home app (or factory-reset it: hold the button 10 s), then start with --setup-code.",
      );
    }
    store.useSetupCode(options.setupCode);
  }
  const info: AccessoryInfo = { ...DEFAULT_ACCESSORY_INFO, ...options.info };
  const advertiser = options.advertiser ?? (options.mdns ? new CiaoAdvertiser({ logger, restrictedAddresses: bindRestriction(options.bind), interfaces: options.mdnsInterfaces }) : undefined);
  const server = new HapServer({
    network: new NodeTcpNetwork(),
    timers: options.timers ?? nodeTimers,
    logger,
    crypto,
    store,
    database: thermostatDatabase(info, options.binding),
    name: info.name,
    model: info.model,
    port: options.port,
    bind: options.bind,
    advertiser,
    identify: () => options.binding.identify?.(),
    pollIntervalMs: options.pollIntervalMs,
  });
  options.beforeStart?.(server, info);
  await server.start();
  options.binding.onChange?.(() => server.refresh());

  const code = store.knownSetupCode;
  const uri = code === undefined ? undefined : setupUri({ setupCode: code, setupId: store.setupId, category: CATEGORY_THERMOSTAT, ip: true });
  const deviceId = store.identity().deviceId;
  print(`HomeKit: "${info.name}" on port ${server.port}, device id ${deviceId}, ${store.isPaired() ? `paired (${store.list().length} controllers)` : "not paired"}${advertiser ? "" : ", mDNS off"}`);
  if (code !== undefined && uri !== undefined) {
    print(`HomeKit setup code: ${code}    setup URI: ${uri}`);
    if (!store.isPaired()) qrcode.generate(uri, { small: true }, (qr: string) => print(qr));
  } else {
    print(
      store.isPaired()
        ? "HomeKit setup code: not needed while paired (not stored, by design: only its SRP verifier is kept)"
        : "HomeKit setup code: set at first start (not stored, by design); to choose a new one: npm start -- --setup-code XXX-XX-XXX",
    );
  }
  return {
    server,
    port: server.port,
    deviceId,
    setupCode: code,
    setupUri: uri,
    paired: () => store.isPaired(),
    close: async () => {
      await server.close();
      if (advertiser instanceof CiaoAdvertiser) await advertiser.stopped;
    },
  };
}

/** With --bind on a specific address, announce only that address (0.0.0.0 / :: mean every interface). */
function bindRestriction(bind: string | undefined): string[] | undefined {
  if (bind === undefined || bind === "0.0.0.0" || bind === "::") return undefined;
  return [bind];
}
