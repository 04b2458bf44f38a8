// A ServiceAdvertiser for tests: records the advertisement, every TXT record, re-announcements and stops.
// Sends nothing on any network.
import type { ServiceAdvertisement, ServiceAdvertiser } from "../../../hal/types";

/** Counts what the server asked of mDNS. */
export class RecordingAdvertiser implements ServiceAdvertiser {
  advertised: ServiceAdvertisement | undefined;
  txts: Record<string, string>[] = [];
  reannounced = 0;
  stopped = 0;
  advertise(service: ServiceAdvertisement): void {
    this.advertised = service;
    this.txts.push(service.txt);
  }
  updateTxt(txt: Record<string, string>): void {
    this.txts.push(txt);
  }
  reannounce(): void {
    this.reannounced++;
  }
  stop(): void {
    this.stopped++;
  }
}
