// Network supervisor: applies decideNetworkMode (network-mode.ts) to the Wi-Fi, HomeKit link and set-up portal.
// Never touches shedding: the Device runs whatever the network does; this only moves radios, sessions and the LED.
import type { Clock, KeyValueStore, Logger, TimerHandle, Timers, Wifi, WifiLinkState } from "../../hal/types";
import { readAccessPointCredentials, readStationCredentials } from "../portal/settings";
import type { Connectivity } from "../ui/led-status";
import { decideNetworkMode, type NetworkDecision } from "./network-mode";

/** The HAP server as the supervisor needs it (homekit/server.ts HapServer). */
export interface HapLink {
  linkUp(): void;
  linkDown(): void;
}

export interface NetworkParts {
  wifi: Wifi;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  store: KeyValueStore;
  /** Starts the HAP server on the first link-up (it needs an address to listen on). */
  startHap(): Promise<HapLink>;
  isPaired(): boolean;
  /** Opens the captive portal; `onClosed` says why it closed ("idle", "saved", "closed"). */
  openPortal(onClosed: (reason: string) => void): Promise<{ close(): void }>;
  onConnectivity(connectivity: Connectivity): void;
}

// While the link is up, pairing can change at any time (Apple Home adds or removes us): re-read it this often.
const PAIRING_POLL_MS = 2000;

export class NetworkSupervisor {
  private stationUp = false;
  private stationDownSinceMs: number;
  private stationRunning = false;
  private ap: { openedAtMs: number; portal?: { close(): void } } | undefined;
  private apIdleClosedAtMs: number | undefined;
  private hap: HapLink | undefined;
  private recheck: TimerHandle | undefined;
  private readonly pairingPoll: TimerHandle;
  private lastDecision: NetworkDecision | undefined;

  constructor(private readonly parts: NetworkParts) {
    this.stationDownSinceMs = parts.clock.nowMs();
    parts.wifi.onLinkChange((state) => this.onLink(state));
    this.pairingPoll = parts.timers.setInterval(() => this.showConnectivity(), PAIRING_POLL_MS);
  }

  start(): void {
    this.evaluate();
  }

  stop(): void {
    this.parts.timers.clear(this.pairingPoll);
    if (this.recheck !== undefined) this.parts.timers.clear(this.recheck);
    this.ap?.portal?.close();
  }

  decision(): NetworkDecision | undefined {
    return this.lastDecision;
  }

  private onLink(state: WifiLinkState): void {
    const nowMs = this.parts.clock.nowMs();
    if (state === "up") {
      this.stationUp = true;
      // Every link-up: announce again so controllers find us at once (DOMAIN §4 "No Response" complaints).
      if (this.hap) this.hap.linkUp();
      else void this.parts.startHap().then((hap) => (this.hap = hap), (error: unknown) => this.parts.logger.log("error", "HomeKit failed to start", { error: String(error) }));
    } else if (state === "down" && this.stationUp) {
      this.stationUp = false;
      this.stationDownSinceMs = nowMs;
      // Sessions die with the link; pairings stay. Controllers pair-verify again when we are back.
      this.hap?.linkDown();
    }
    if (state !== "connecting") this.evaluate();
  }

  private evaluate(): void {
    const { clock, timers, store, wifi, logger } = this.parts;
    const nowMs = clock.nowMs();
    const credentials = readStationCredentials(store);
    const decision = decideNetworkMode({
      nowMs,
      wifiStored: credentials !== undefined,
      stationUp: this.stationUp,
      stationDownSinceMs: this.stationDownSinceMs,
      // The portal times out its own idleness (it sees the visits) and reports it through onClosed("idle").
      accessPoint: this.ap ? { openedAtMs: this.ap.openedAtMs, lastVisitMs: nowMs } : undefined,
      apIdleClosedAtMs: this.apIdleClosedAtMs,
    });
    if (this.lastDecision?.reason !== decision.reason) logger.log("info", "network", { ...decision });
    this.lastDecision = decision;
    if (decision.station && credentials && !this.stationRunning) {
      this.stationRunning = true;
      wifi.connect(credentials);
    }
    if (decision.accessPoint && !this.ap) this.openAccessPoint(nowMs);
    if (!decision.accessPoint && this.ap) this.closeAccessPoint();
    if (this.recheck !== undefined) timers.clear(this.recheck);
    this.recheck = decision.recheckAtMs === undefined ? undefined : timers.setTimeout(() => this.evaluate(), Math.max(0, decision.recheckAtMs - nowMs));
    this.showConnectivity();
  }

  private openAccessPoint(nowMs: number): void {
    const ap = { openedAtMs: nowMs } as { openedAtMs: number; portal?: { close(): void } };
    this.ap = ap;
    this.parts.wifi.startAccessPoint(readAccessPointCredentials(this.parts.store));
    void this.parts
      .openPortal((reason) => {
        if (this.ap !== ap) return;
        this.ap = undefined;
        if (reason === "idle") this.apIdleClosedAtMs = this.parts.clock.nowMs();
        this.evaluate();
      })
      .then((portal) => (ap.portal = portal), (error: unknown) => this.parts.logger.log("error", "portal failed to open", { error: String(error) }));
  }

  private closeAccessPoint(): void {
    const portal = this.ap?.portal;
    this.ap = undefined;
    portal?.close();
  }

  private showConnectivity(): void {
    const c: Connectivity = this.ap ? "access-point" : this.stationUp ? (this.parts.isPaired() ? "paired" : "not-paired") : this.lastDecision?.station ? "wifi-lost" : "booting";
    this.parts.onConnectivity(c);
  }
}
