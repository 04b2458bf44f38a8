// DNS-SD on the desktop `lin` build: traces what the box would advertise instead of multicasting it.
// Never opens a multicast socket: SDK 8.2.3's Linux socket rejects every valid multicast address (inet_pton test inverted).
import type { ServiceAdvertisement, ServiceAdvertiser } from "../../types";

/** Same export as hal/moddable/mdns.ts: main.ts is built unchanged against either file. */
export class ModdableAdvertiser implements ServiceAdvertiser {
  private readonly hostName: string;
  private service: ServiceAdvertisement | undefined;

  constructor(hostName: string) {
    this.hostName = hostName;
  }

  advertise(service: ServiceAdvertisement): void {
    this.service = service;
    this.reannounce();
  }

  updateTxt(txt: Record<string, string>): void {
    if (!this.service) return;
    this.service = { ...this.service, txt };
    this.reannounce();
  }

  reannounce(): void {
    const service = this.service;
    if (!service) return;
    trace(`mdns (not sent on lin): ${this.hostName}.local _${service.type}._${service.protocol} port ${service.port} ${JSON.stringify(service.txt)}\n`);
  }

  stop(): void {
    this.service = undefined;
  }
}
