// host-sim's station-mode web page: src/web's server on a real TCP port, reading and commanding the live Device.
// Never holds page logic: it hands hal/node parts to startWebPage and says where the page is.
import type { SourceStatus } from "../src/signals/poller";
import { networkInterfaces } from "node:os";
import { domainToASCII } from "node:url";
import { nodeClock, nodeRandom, nodeTimers } from "../hal/node/clock";
import { NodeTcpNetwork } from "../hal/node/tcp";
import type { KeyValueStore, Logger } from "../hal/types";
import { DEFAULT_ACCESSORY_INFO } from "./homekit";
import type { Settings } from "../src/app/types";
import { deviceWebBox, type DeviceLike } from "../src/web/box";
import type { VictronStatus } from "../src/victron/victron-service";
import type { MqttBridgeStatus } from "../src/mqtt/bridge";
import { startWebPage, type WebServer } from "../src/web/server";

export interface HostWebPage {
  server: WebServer;
  /** Where a phone on the LAN opens it. */
  url: string;
  close(): void;
}

/** The address a phone would use: the bound one, else this host's first LAN IPv4, else loopback. */
function pageHost(bind: string): string {
  if (bind !== "0.0.0.0" && bind !== "::") return bind.includes(":") ? `[${bind}]` : bind;
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return "127.0.0.1";
}

/**
 * The name host-sim's mDNS responder (ciao, host-sim/homekit.ts) claims: the accessory name, spaces as dashes, under
 * .local — "Délesteur.local" — which a browser sends in Host as its ASCII (punycode) form, xn--dlesteur-b1a.local.
 */
export const HOST_SIM_MDNS_NAME = domainToASCII(`${DEFAULT_ACCESSORY_INFO.name.replace(/ /g, "-")}.local`).toLowerCase();

export async function startHostWebPage(options: { port: number; bind: string; device: DeviceLike; settings: Settings; logger: Logger; store: KeyValueStore; mqttStatus?: () => MqttBridgeStatus | undefined; victronStatus?: () => VictronStatus | undefined; signalsStatus?: () => SourceStatus[] }): Promise<HostWebPage> {
  const box = deviceWebBox(options.device, nodeClock, options.settings, options.mqttStatus);
  if (options.victronStatus) box.victron = options.victronStatus;
  if (options.signalsStatus) box.signals = options.signalsStatus;
  const deps = { tcp: new NodeTcpNetwork(), timers: nodeTimers, random: nodeRandom, clock: nodeClock, logger: options.logger, box, store: options.store };
  const server = await startWebPage(deps, { port: options.port, bind: options.bind, mdnsName: HOST_SIM_MDNS_NAME });
  const port = server.port ?? options.port;
  return { server, url: `http://${pageHost(options.bind)}${port === 80 ? "" : `:${port}`}/`, close: () => server.close() };
}
