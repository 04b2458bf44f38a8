// Wi-Fi station with reconnect back-off, and the set-up access point, on the Moddable `wifi` module.
// Never blocks and never gives up: the box keeps shedding offline and keeps retrying the router.
import WiFi, { type AccessPointOptions } from "wifi";
import Net from "net";
import Timer from "timer";
import type { Wifi, WifiLinkState, WifiNetwork } from "../types";

const BACKOFF_MS = Object.freeze([1000, 2000, 5000, 10000, 30000, 60000]);

export class ModdableWifi implements Wifi {
  private handlers: ((state: WifiLinkState) => void)[] = [];
  private monitor: WiFi | undefined;
  private retry: Timer | undefined;
  private attempts = 0;
  private credentials: { ssid: string; password: string } | undefined;

  connect(options: { ssid: string; password: string }): void {
    this.credentials = options;
    this.attempts = 0;
    this.start();
  }

  startAccessPoint(options: { ssid: string; password: string }): void {
    // AP + station when a network is stored: the box keeps retrying the router behind the set-up AP, so a
    // router outage never strands it in set-up mode (`station: true` selects WIFI_MODE_APSTA on the ESP32).
    const apOptions: AccessPointOptions & { station?: boolean } = { ssid: options.ssid, password: options.password, station: this.credentials !== undefined };
    WiFi.accessPoint(apOptions);
    this.emit("access-point");
  }

  scan(): Promise<WifiNetwork[]> {
    return new Promise((resolve) => {
      const found: WifiNetwork[] = [];
      WiFi.scan({}, (item) => {
        if (item) found.push({ ssid: item.ssid, rssiDbm: item.rssi, secure: item.authentication !== "none" });
        else resolve(found.sort((a, b) => b.rssiDbm - a.rssiDbm));
      });
    });
  }

  address(): string | undefined {
    const ip = Net.get("IP");
    return ip || undefined;
  }

  onLinkChange(handler: (state: WifiLinkState) => void): void {
    this.handlers.push(handler);
  }

  disconnect(): void {
    this.credentials = undefined;
    this.stopStation();
    WiFi.disconnect();
    this.emit("down");
  }

  private start(): void {
    if (!this.credentials) return;
    this.stopStation();
    this.emit("connecting");
    this.monitor = new WiFi({ ssid: this.credentials.ssid, password: this.credentials.password }, (message) => {
      if (message === WiFi.gotIP) {
        this.attempts = 0;
        this.emit("up");
      } else if (message === WiFi.disconnected || message === WiFi.lostIP) {
        this.emit("down");
        this.scheduleRetry();
      }
    });
  }

  private scheduleRetry(): void {
    if (this.retry || !this.credentials) return;
    const delayMs = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)];
    this.attempts++;
    this.retry = Timer.set(() => {
      this.retry = undefined;
      this.start();
    }, delayMs);
  }

  private stopStation(): void {
    if (this.retry) Timer.clear(this.retry);
    this.retry = undefined;
    this.monitor?.close();
    this.monitor = undefined;
  }

  private emit(state: WifiLinkState): void {
    for (const handler of this.handlers) handler(state);
  }
}
