// The captive portal: HTTP server over hal TcpNetwork + captive DNS over hal UdpNetwork, idle close, save → restart.
// Never blocks on a client: a broken or slow request closes that connection only; time comes from hal Clock/Timers.

import type { Clock, KeyValueStore, Logger, Random, System, TcpListener, TcpNetwork, TcpSocket, TimerHandle, Timers, UdpNetwork, Wifi, WifiNetwork } from "../../hal/types";
import type { HttpRequest } from "../../lib/http";
import { SOCKET_LIMITS, type SocketLimits } from "../../lib/socket-policy";
import { NOBLE_AUTH_PRIMITIVES } from "../auth/noble-primitives";
import { hasOwnerPassword, storePasswordRecord } from "../auth/owner-auth";
import { hashPassword } from "../auth/password-hash";
import { timerYield } from "../auth/pbkdf2";
import type { AuthPrimitives } from "../auth/primitives";
import { PROVISIONING } from "../device/network-mode";
import { ExchangeTable, serveOneRequest } from "../net/http-exchange";
import { CaptiveDnsServer } from "./dns-server";
import type { SetupCodeCheck } from "./form";
import { qrSvgOfText } from "./qr-text";
import { routePortalRequest, type PortalResponse } from "./routes";
import { readPortalView, writePortalSettings, type PortalSettings } from "./settings";

export const PORTAL_DEFAULTS = Object.freeze({
  /** The same 10 minutes as the network-mode decision. */
  idleCloseMs: PROVISIONING.PORTAL_IDLE_CLOSE_MS,
  /** Time for the "saved" page to reach the phone before the access point goes away. */
  restartDelayMs: 2000,
  /** A request not complete by then is a stalled or hostile client (the portal's socket limits: lib/socket-policy.ts). */
  requestTimeoutMs: SOCKET_LIMITS.portal.requestMs,
  scanMaxAgeMs: 15_000,
});

export type PortalCloseReason = "idle" | "saved" | "closed";

export interface CaptivePortalDeps {
  tcp: TcpNetwork;
  udp: UdpNetwork;
  wifi: Wifi;
  store: KeyValueStore;
  system: System;
  clock: Clock;
  timers: Timers;
  random: Random;
  logger: Logger;
  /** The hashes behind the owner password (the device's native ones); default: pure-ES @noble. */
  authPrimitives?: AuthPrimitives;
  checkSetupCode: SetupCodeCheck;
  generateSetupCode: () => string;
  /** X-HM:// URI for a setup code (with this box's setup id and the thermostat category). */
  setupUriFor: (setupCode: string) => string;
}

export interface CaptivePortalOptions {
  /** IPv4 address of the box on its access point: DNS answers and redirects point here. */
  boxAddress: string;
  httpPort: number;
  dnsPort: number;
  /** Address to bind both servers to (default: all). */
  bind?: string;
  idleCloseMs?: number;
  restartDelayMs?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
  /** Told once when the portal has closed, and why. */
  onClosed?: (reason: PortalCloseReason) => void;
}

export interface PortalStats {
  requests: number;
  badRequests: number;
  timedOut: number;
  refusedConnections: number;
  evictedConnections: number;
  saves: number;
}

export class CaptivePortal {
  readonly stats: PortalStats = { requests: 0, badRequests: 0, timedOut: 0, refusedConnections: 0, evictedConnections: 0, saves: 0 };
  private listener: TcpListener | undefined;
  private dns: CaptiveDnsServer | undefined;
  private readonly connections = new ExchangeTable();
  private readonly limits: SocketLimits;
  private lastVisitMs = 0;
  private idleTimer: TimerHandle | undefined;
  private closed = false;
  private networks: WifiNetwork[] = [];
  private scannedAtMs = -Infinity;
  private readonly proposedCode: string;
  private readonly qrCache = new Map<string, string>();
  private readonly idleCloseMs: number;

  constructor(
    private readonly deps: CaptivePortalDeps,
    private readonly options: CaptivePortalOptions,
  ) {
    this.proposedCode = deps.generateSetupCode();
    this.idleCloseMs = options.idleCloseMs ?? PORTAL_DEFAULTS.idleCloseMs;
    const requestMs = options.requestTimeoutMs ?? SOCKET_LIMITS.portal.requestMs;
    this.limits = Object.freeze({ ...SOCKET_LIMITS.portal, requestMs, idleMs: requestMs, maxConnections: options.maxConnections ?? SOCKET_LIMITS.portal.maxConnections });
  }

  get httpPort(): number | undefined {
    return this.listener?.port;
  }

  get dnsPort(): number | undefined {
    return this.dns?.port;
  }

  get dnsStats() {
    return this.dns?.stats;
  }

  async start(): Promise<void> {
    this.dns = new CaptiveDnsServer({ udp: this.deps.udp, boxAddress: this.options.boxAddress, logger: this.deps.logger });
    await this.dns.start({ port: this.options.dnsPort, address: this.options.bind });
    this.listener = await this.deps.tcp.listen({ port: this.options.httpPort, address: this.options.bind }, (socket) => this.accept(socket));
    this.lastVisitMs = this.deps.clock.nowMs();
    this.armIdleTimer(this.idleCloseMs);
    void this.refreshScan();
    this.deps.logger.log("info", "portal: open", { http: this.listener.port, dns: this.dns.port, address: this.options.boxAddress });
  }

  /** Close both servers and every connection; safe to call twice. */
  close(reason: PortalCloseReason = "closed"): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer !== undefined) this.deps.timers.clear(this.idleTimer);
    this.listener?.close();
    this.dns?.close();
    this.connections.closeAll();
    this.deps.logger.log("info", "portal: closed", { reason });
    this.options.onClosed?.(reason);
  }

  /** Re-check on each tick rather than re-arming per request: a busy page costs no timer churn. */
  private armIdleTimer(delayMs: number): void {
    this.idleTimer = this.deps.timers.setTimeout(() => {
      if (this.closed) return;
      const idleMs = this.deps.clock.nowMs() - this.lastVisitMs;
      if (idleMs >= this.idleCloseMs) this.close("idle");
      else this.armIdleTimer(this.idleCloseMs - idleMs);
    }, delayMs);
  }

  private async refreshScan(): Promise<void> {
    const now = this.deps.clock.nowMs();
    if (now - this.scannedAtMs < PORTAL_DEFAULTS.scanMaxAgeMs) return;
    this.scannedAtMs = now;
    try {
      this.networks = await this.deps.wifi.scan();
    } catch (error) {
      // No list is not fatal: the page still offers the hidden-network field.
      this.deps.logger.log("warn", "portal: scan failed", { error: String(error) });
    }
  }

  private accept(socket: TcpSocket): void {
    serveOneRequest(socket, this.connections, this.deps.timers, this.limits, {
      stats: this.stats,
      isOpen: () => !this.closed,
      badRequestStatus: () => 400,
      onBadRequest: (error, from) => this.deps.logger.log("debug", "portal: bad request", { error, from: from.remoteAddress }),
      respond: (request) => this.answer(request),
      onFailure: (error, request) => {
        // Our bug or a store failure: log it loudly; the exchange drops this connection only.
        this.deps.logger.log("error", "portal: request failed", { error: String(error), path: request.path });
      },
    });
  }

  private async answer(request: HttpRequest): Promise<PortalResponse> {
    this.stats.requests++;
    this.lastVisitMs = this.deps.clock.nowMs();
    if (request.path === "/" && request.method === "GET") await this.refreshScan();
    const outcome = routePortalRequest(request, {
      portalHost: this.portalHost(),
      networks: this.networks,
      view: readPortalView(this.deps.store),
      proposedCode: this.proposedCode,
      checkSetupCode: this.deps.checkSetupCode,
      qrSvgFor: (code) => this.qrSvgFor(code),
    });
    if (outcome.saved !== undefined) await this.save(outcome.saved);
    return outcome.response;
  }

  /** A QR takes ~14 ms on XS on a PC (so a few hundred ms on an ESP32): made once per code, not per page view. */
  private qrSvgFor(setupCode: string): string {
    let svg = this.qrCache.get(setupCode);
    if (svg === undefined) {
      if (this.qrCache.size >= 4) this.qrCache.clear(); // typed codes must not grow the cache without bound
      svg = qrSvgOfText(this.deps.setupUriFor(setupCode));
      this.qrCache.set(setupCode, svg);
    }
    return svg;
  }

  private async save(settings: PortalSettings): Promise<void> {
    // The owner password first, as its salted hash (the check's ~1 s on the chip, in slices), and only if none exists
    // yet: then Wi-Fi, whose SSID written last is what makes the next boot leave set-up mode.
    if (settings.ownerPassword !== undefined && !hasOwnerPassword(this.deps.store)) {
      const record = await hashPassword(settings.ownerPassword, { primitives: this.deps.authPrimitives ?? NOBLE_AUTH_PRIMITIVES, random: this.deps.random, yieldFn: timerYield(this.deps.timers) });
      if (!hasOwnerPassword(this.deps.store)) storePasswordRecord(this.deps.store, record);
    }
    writePortalSettings(this.deps.store, settings);
    this.stats.saves++;
    this.deps.logger.log("info", "portal: settings stored", { ssid: settings.wifiSsid, ticMode: settings.ticMode });
    this.deps.timers.setTimeout(() => {
      this.close("saved");
      this.deps.system.restart("provisioned");
    }, this.options.restartDelayMs ?? PORTAL_DEFAULTS.restartDelayMs);
  }

  private portalHost(): string {
    const port = this.listener?.port ?? 80;
    return port === 80 ? this.options.boxAddress : `${this.options.boxAddress}:${port}`;
  }
}
