// DNS-SD advertisement on the Moddable `mdns` module, re-announced on every link-up by the caller.
// Never hands mdns a TXT object to encode (SDK 8.0.1–8.2.3 mis-encode it): the TXT goes pre-encoded as bytes.
import MDNS from "mdns";
import type { ServiceAdvertisement, ServiceAdvertiser } from "../types";

/** Length-prefixed `key=value` strings, as DNS TXT wants them. */
export function encodeTxt(txt: Record<string, string>): Uint8Array {
  const parts: number[] = [];
  for (const [key, value] of Object.entries(txt)) {
    const entry = `${key}=${value}`;
    parts.push(entry.length);
    for (let i = 0; i < entry.length; i++) parts.push(entry.charCodeAt(i) & 0xff);
  }
  return new Uint8Array(parts);
}

interface RawTxtService {
  name: string;
  protocol: string;
  port: number;
  txt: Record<string, string>;
}

export class ModdableAdvertiser implements ServiceAdvertiser {
  private readonly hostName: string;
  private mdns: MDNS | undefined;
  private service: RawTxtService | undefined;

  constructor(hostName: string) {
    this.hostName = hostName;
  }

  advertise(service: ServiceAdvertisement): void {
    this.service = { name: service.type, protocol: service.protocol, port: service.port, txt: service.txt };
    this.reannounce();
  }

  updateTxt(txt: Record<string, string>): void {
    if (!this.service || !this.mdns) return;
    this.service = { ...this.service, txt };
    this.mdns.update(withEncodedTxt(this.service));
  }

  reannounce(): void {
    this.stop();
    if (!this.service) return;
    const service = this.service;
    this.mdns = new MDNS({ hostName: this.hostName }, (message) => {
      // Message 1: the host name is claimed; only then can the service be added.
      if (message === 1) this.mdns?.add(withEncodedTxt(service));
    });
  }

  stop(): void {
    if (this.mdns && this.service) this.mdns.remove(withEncodedTxt(this.service));
    this.mdns = undefined;
  }
}

// The typings say Record<string,string>; the module accepts the pre-encoded bytes the TXT RDATA is made of.
function withEncodedTxt(service: RawTxtService): RawTxtService {
  return { ...service, txt: encodeTxt(service.txt) as unknown as Record<string, string> };
}
