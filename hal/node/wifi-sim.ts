// Simulated Wi-Fi for host-sim: a scan list, an access point, and a join that succeeds only with the right password.
// Never touches the host's real network configuration; link changes are delivered asynchronously, like a radio.

import type { Wifi, WifiLinkState, WifiNetwork } from "../types";

export interface SimulatedNetwork extends WifiNetwork {
  /** The password a join must give (empty for an open network). */
  password: string;
  /** Hidden networks join when typed by hand but do not show up in a scan. */
  hidden?: boolean;
}

export interface SimulatedWifiOptions {
  networks: SimulatedNetwork[];
  /** Address the box gets on its own access point (also what the captive DNS hands out). */
  apAddress?: string;
  /** Address the box gets once joined as a station. */
  stationAddress?: string;
  /** Simulated time to join or fail (ms), via the given scheduler. */
  joinDelayMs?: number;
  schedule?: (callback: () => void, delayMs: number) => void;
}

/** A few neighbours the way a French flat sees them (strongest not first: the portal must sort). */
export const DEFAULT_SIMULATED_NETWORKS: readonly SimulatedNetwork[] = Object.freeze([
  Object.freeze({ ssid: "Livebox-7A2C", rssiDbm: -71, secure: true, password: "motdepasse-livebox" }),
  Object.freeze({ ssid: "Maison", rssiDbm: -48, secure: true, password: "correct horse battery" }),
  Object.freeze({ ssid: "FreeWifi_secure", rssiDbm: -80, secure: true, password: "freewifi-secure" }),
  Object.freeze({ ssid: "Bbox-Voisin", rssiDbm: -63, secure: true, password: "bbox-voisin-1234" }),
  Object.freeze({ ssid: "Café du coin", rssiDbm: -86, secure: false, password: "" }),
  Object.freeze({ ssid: "Grenier", rssiDbm: -75, secure: true, password: "grenier-cache", hidden: true }),
]);

export class SimulatedWifi implements Wifi {
  private state: WifiLinkState = "down";
  private readonly handlers: ((state: WifiLinkState) => void)[] = [];
  private readonly schedule: (callback: () => void, delayMs: number) => void;
  /** What the last join attempt used (host-sim prints it; tests read it). */
  lastJoin: { ssid: string; password: string } | undefined;
  accessPoint: { ssid: string; password: string } | undefined;

  constructor(private readonly options: SimulatedWifiOptions) {
    this.schedule = options.schedule ?? ((callback, delayMs) => void setTimeout(callback, delayMs));
  }

  get link(): WifiLinkState {
    return this.state;
  }

  connect(options: { ssid: string; password: string }): void {
    this.lastJoin = { ...options };
    this.accessPoint = undefined;
    this.set("connecting");
    const network = this.options.networks.find((n) => n.ssid === options.ssid);
    const joined = network !== undefined && (network.secure ? network.password === options.password : true);
    this.schedule(() => {
      if (this.state === "connecting") this.set(joined ? "up" : "down");
    }, this.options.joinDelayMs ?? 50);
  }

  startAccessPoint(options: { ssid: string; password: string }): void {
    this.accessPoint = { ...options };
    this.set("access-point");
  }

  async scan(): Promise<WifiNetwork[]> {
    return this.options.networks.filter((n) => !n.hidden).map((n) => ({ ssid: n.ssid, rssiDbm: n.rssiDbm, secure: n.secure }));
  }

  address(): string | undefined {
    if (this.state === "access-point") return this.options.apAddress ?? "192.168.4.1";
    if (this.state === "up") return this.options.stationAddress ?? "192.168.1.42";
    return undefined;
  }

  onLinkChange(handler: (state: WifiLinkState) => void): void {
    this.handlers.push(handler);
  }

  disconnect(): void {
    this.accessPoint = undefined;
    this.set("down");
  }

  private set(state: WifiLinkState): void {
    if (state === this.state) return;
    this.state = state;
    for (const handler of this.handlers) handler(state);
  }
}
