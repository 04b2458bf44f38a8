// host-sim's set-up mode: the captive portal and DNS on real loopback/LAN ports, a simulated Wi-Fi scan and join.
// Never touches the host's real Wi-Fi; the "device restart" into station mode is reported on stdout as JSON.

import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { jsonLogger, nodeClock, nodeRandom, nodeTimers } from "../hal/node/clock";
import { FileKeyValueStore } from "../hal/node/store";
import { NodeTcpNetwork } from "../hal/node/tcp";
import { createNodeUdpNetwork } from "../hal/node/udp";
import { DEFAULT_SIMULATED_NETWORKS, SimulatedWifi, type SimulatedNetwork } from "../hal/node/wifi-sim";
import type { Logger } from "../hal/types";
import { portalHomeKitHooks } from "../src/portal/homekit-hooks";
import { CaptivePortal, type PortalCloseReason } from "../src/portal/server";
import { readAccessPointCredentials, readPortalView, readStationCredentials } from "../src/portal/settings";

export interface StartPortalOptions {
  httpPort: number;
  dnsPort: number;
  /** Address both servers bind to; 0.0.0.0 serves the LAN (the box address is then this host's LAN address). */
  bind: string;
  stateDir: string;
  networks?: SimulatedNetwork[];
  idleCloseMs?: number;
  restartDelayMs?: number;
  /** One JSON object per line (default: stdout). */
  out?: (line: string) => void;
  logger?: Logger;
  /** Called after the simulated restart and join (default: nothing; the CLI exits once everything closed). */
  onRestart?: (into: { ssid: string; joined: boolean }) => void;
}

export interface RunningPortal {
  httpPort: number;
  dnsPort: number;
  boxAddress: string;
  wifi: SimulatedWifi;
  portal: CaptivePortal;
  /** Resolves when the portal has closed (saved, idle, or close()). */
  closed: Promise<PortalCloseReason>;
  close(): Promise<void>;
}

/** The address phones would reach: the bind address, or for 0.0.0.0 the first LAN IPv4 (else loopback). */
function boxAddressFor(bind: string): string {
  if (bind !== "0.0.0.0") return bind;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

export async function startPortal(options: StartPortalOptions): Promise<RunningPortal> {
  const out = options.out ?? ((line: string) => void process.stdout.write(line + "\n"));
  const emit = (value: Record<string, unknown>) => out(JSON.stringify(value));
  const logger = options.logger ?? jsonLogger({ minLevel: "warn" });
  const store = new FileKeyValueStore(options.stateDir);
  const boxAddress = boxAddressFor(options.bind);
  const wifi = new SimulatedWifi({ networks: options.networks ?? [...DEFAULT_SIMULATED_NETWORKS], apAddress: boxAddress });
  const ap = readAccessPointCredentials(store);
  wifi.startAccessPoint(ap);
  // host-sim keeps HomeKit state in <stateDir>/homekit (host-sim/homekit.ts): the QR's setup id must come from there.
  const hooks = portalHomeKitHooks(new FileKeyValueStore(join(options.stateDir, "homekit")), nodeRandom);

  let resolveClosed: (reason: PortalCloseReason) => void = () => undefined;
  const closed = new Promise<PortalCloseReason>((resolve) => (resolveClosed = resolve));
  const system = {
    restart(reason: string) {
      const station = readStationCredentials(store);
      const view = readPortalView(store);
      emit({ type: "restart", reason, into: station ? "station" : "access-point", ssid: station?.ssid, ticMode: view.ticMode });
      if (!station) return;
      wifi.onLinkChange((state) => {
        if (state === "up" || state === "down") {
          emit({ type: "wifi", state, ssid: station.ssid });
          options.onRestart?.({ ssid: station.ssid, joined: state === "up" });
        }
      });
      wifi.connect(station);
    },
  };
  const portal = new CaptivePortal(
    { tcp: new NodeTcpNetwork(), udp: createNodeUdpNetwork(), wifi, store, system, clock: nodeClock, timers: nodeTimers, random: nodeRandom, logger, ...hooks },
    {
      boxAddress,
      httpPort: options.httpPort,
      dnsPort: options.dnsPort,
      bind: options.bind,
      idleCloseMs: options.idleCloseMs,
      restartDelayMs: options.restartDelayMs,
      onClosed: (reason) => {
        emit({ type: "portal-closed", reason });
        resolveClosed(reason);
      },
    },
  );
  try {
    await portal.start();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const hint = code === "EADDRINUSE" ? " is in use: pick another with --http-port N / --dns-port N" : code === "EACCES" ? " needs privileges: use a port above 1023" : "";
    throw new Error(`set-up portal: cannot listen on ${options.bind} (http ${options.httpPort}, dns ${options.dnsPort})${hint}: ${(error as Error).message}`);
  }
  const httpPort = portal.httpPort ?? options.httpPort;
  const dnsPort = portal.dnsPort ?? options.dnsPort;
  emit({
    type: "portal",
    url: `http://${boxAddress}:${httpPort}/`,
    dnsPort,
    boxAddress,
    accessPoint: { ssid: ap.ssid, defaultPassword: readPortalView(store).apPasswordIsDefault },
    setupId: hooks.setupId,
    try: `dig @${boxAddress} -p ${dnsPort} anything.example A`,
  });
  return {
    httpPort,
    dnsPort,
    boxAddress,
    wifi,
    portal,
    closed,
    close: async () => {
      portal.close("closed");
      await closed;
    },
  };
}
