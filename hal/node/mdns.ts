// ServiceAdvertiser on @homebridge/ciao (the DNS-SD responder HAP-NodeJS uses), for host-sim.
// Never throws into the caller: mDNS trouble is logged and the HAP server keeps serving by address.
import ciao, { type CiaoService, type Responder } from "@homebridge/ciao";
import type { Logger, ServiceAdvertisement, ServiceAdvertiser } from "../types";

export interface CiaoAdvertiserOptions {
  logger: Logger;
  /** Restrict announcements to these interfaces or addresses (the `--bind` address), else all. */
  restrictedAddresses?: string[];
  /** Run the responder on these interfaces only (tests use "lo" so nothing leaves the machine). */
  interfaces?: string[];
}

export class CiaoAdvertiser implements ServiceAdvertiser {
  private responder: Responder | undefined;
  private service: CiaoService | undefined;
  private txt: Record<string, string> = {};

  constructor(private readonly options: CiaoAdvertiserOptions) {}

  advertise(service: ServiceAdvertisement): void {
    this.responder ??= ciao.getResponder(this.options.interfaces ? { interface: this.options.interfaces } : undefined);
    this.txt = { ...service.txt };
    this.service = this.responder.createService({
      name: service.name,
      type: service.type,
      port: service.port,
      protocol: service.protocol as never,
      txt: this.txt,
      restrictedAddresses: this.options.restrictedAddresses,
    });
    this.guard("advertise", this.service.advertise());
  }

  updateTxt(txt: Record<string, string>): void {
    this.txt = { ...txt };
    try {
      this.service?.updateTxt(this.txt);
    } catch (error) {
      this.options.logger.log("warn", "mdns: TXT update failed", { error: String(error) });
    }
  }

  reannounce(): void {
    // ciao follows interface changes itself; re-sending the TXT record makes it announce the service again now.
    this.updateTxt(this.txt);
  }

  stop(): void {
    const service = this.service;
    const responder = this.responder;
    this.service = undefined;
    this.responder = undefined;
    // Goodbye packets first, then free the service, then close the sockets: in that order or ciao keeps handles open.
    this.stopped = (async () => {
      if (service !== undefined) await service.end().then(() => service.destroy());
      if (responder !== undefined) await responder.shutdown();
    })().catch((error: unknown) => this.options.logger.log("warn", "mdns: stop failed", { error: String(error) }));
  }

  /** Settles once stop() has sent its goodbyes and closed the responder (host-sim awaits it on exit). */
  stopped: Promise<void> = Promise.resolve();

  private guard(what: string, promise: Promise<unknown>): void {
    promise.catch((error: unknown) => this.options.logger.log("warn", `mdns: ${what} failed`, { error: String(error) }));
  }
}
