// Captive DNS server: answers every A query on a hal UDP socket with the box's address.
// Never answers a packet it cannot parse (no reflection of junk) and never throws on wire input.

import type { Logger, UdpNetwork, UdpSocket } from "../../hal/types";
import { answerDnsPacket, parseIpv4, type DnsIgnoreReason } from "./dns";

export interface DnsServerStats {
  answered: number;
  ignored: number;
  ignoredByReason: Partial<Record<DnsIgnoreReason, number>>;
}

export interface CaptiveDnsServerOptions {
  udp: UdpNetwork;
  /** IPv4 address every name resolves to (the box on its access point). */
  boxAddress: string;
  logger?: Logger;
}

export class CaptiveDnsServer {
  readonly stats: DnsServerStats = { answered: 0, ignored: 0, ignoredByReason: {} };
  private socket: UdpSocket | undefined;
  private readonly address: Uint8Array;

  constructor(private readonly options: CaptiveDnsServerOptions) {
    const address = parseIpv4(options.boxAddress);
    // A wrong address is our own mistake, not wire input: fail loudly at construction.
    if (!address) throw new Error(`captive DNS: box address is not IPv4: ${options.boxAddress}`);
    this.address = address;
  }

  get port(): number | undefined {
    return this.socket?.port;
  }

  async start(bind: { port: number; address?: string }): Promise<void> {
    const socket = await this.options.udp.bind(bind);
    this.socket = socket;
    socket.onMessage((bytes, address, port) => this.onPacket(socket, bytes, address, port));
  }

  private onPacket(socket: UdpSocket, bytes: Uint8Array, fromAddress: string, fromPort: number): void {
    const handled = answerDnsPacket(bytes, this.address);
    if (handled.reply === undefined) {
      this.stats.ignored++;
      this.stats.ignoredByReason[handled.reason] = (this.stats.ignoredByReason[handled.reason] ?? 0) + 1;
      this.options.logger?.log("debug", "dns: packet ignored", { reason: handled.reason, from: fromAddress });
      return;
    }
    this.stats.answered++;
    socket.send(handled.reply, fromAddress, fromPort);
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}
