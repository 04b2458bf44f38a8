// A minimal HAP client over MemoryNetwork for tests on Node and XS: HTTP requests, response/EVENT parsing,
// and the encrypted session after pair-verify. Test code only; trusts nothing about timing (bounded drains).
import { concatBytes, utf8Decode, utf8Encode } from "../../../lib/bytes";
import type { HapCrypto } from "../../../homekit/crypto/types";
import { SecureSession } from "../../../homekit/session";
import { drain, type MemoryClient, type MemoryNetwork } from "./memory-network";

export interface WireMessage {
  protocol: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export class WireClient {
  readonly client: MemoryClient;
  readonly messages: WireMessage[] = [];
  private session: SecureSession | undefined;
  private plain: Uint8Array = new Uint8Array(0);
  private consumed = 0;

  /** `from`: the address the server sees (default 127.0.0.1). */
  constructor(network: MemoryNetwork, from?: string) {
    this.client = network.connect(from);
  }

  /** From now on, frames both ways are encrypted with these (controller-side) keys. */
  secure(crypto: HapCrypto, keys: { encryptKey: Uint8Array; decryptKey: Uint8Array }): void {
    this.pump();
    this.session = new SecureSession(crypto, keys);
    this.consumed = this.client.received.length;
  }

  sendRaw(bytes: Uint8Array): void {
    this.client.send(this.session ? this.session.encrypt(bytes) : bytes);
  }

  async request(method: string, path: string, body?: Uint8Array | string, contentType = "application/hap+json"): Promise<WireMessage> {
    const bytes = typeof body === "string" ? utf8Encode(body) : body ?? new Uint8Array(0);
    const head = `${method} ${path} HTTP/1.1\r\nHost: test\r\n${bytes.length > 0 ? `Content-Type: ${contentType}\r\n` : ""}Content-Length: ${bytes.length}\r\n\r\n`;
    const before = this.responses().length;
    this.sendRaw(concatBytes(utf8Encode(head), bytes));
    return this.waitFor(() => this.responses().length > before, `${method} ${path}`).then(() => this.responses()[before]);
  }

  responses(): WireMessage[] {
    this.pump();
    return this.messages.filter((m) => m.protocol === "HTTP/1.1");
  }

  events(): WireMessage[] {
    this.pump();
    return this.messages.filter((m) => m.protocol === "EVENT/1.0");
  }

  async waitFor(predicate: () => boolean, what: string, rounds = 20000): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      if (predicate()) return;
      await drain(5);
    }
    throw new Error(`no ${what} after ${rounds} rounds`);
  }

  /** Move newly received bytes (decrypted when secured) into parsed messages. */
  private pump(): void {
    const fresh = this.client.received.slice(this.consumed);
    this.consumed = this.client.received.length;
    for (const chunk of fresh) {
      if (this.session) {
        const opened = this.session.decrypt(chunk);
        if (opened.error) throw new Error(`client could not decrypt: ${opened.error}`);
        for (const p of opened.plain) this.plain = concatBytes(this.plain, p);
      } else this.plain = concatBytes(this.plain, chunk);
    }
    for (;;) {
      let headEnd = -1;
      for (let i = 0; i + 3 < this.plain.length; i++) {
        if (this.plain[i] === 13 && this.plain[i + 1] === 10 && this.plain[i + 2] === 13 && this.plain[i + 3] === 10) {
          headEnd = i;
          break;
        }
      }
      if (headEnd < 0) return;
      const lines = utf8Decode(this.plain.subarray(0, headEnd)).split("\r\n");
      const [protocol, status] = lines[0].split(" ");
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) headers[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
      const length = Number(headers["content-length"] ?? "0");
      if (this.plain.length < headEnd + 4 + length) return;
      this.messages.push({ protocol, status: Number(status), headers, body: this.plain.slice(headEnd + 4, headEnd + 4 + length) });
      this.plain = this.plain.slice(headEnd + 4 + length);
    }
  }
}

export function json(message: WireMessage): Record<string, unknown> {
  return JSON.parse(utf8Decode(message.body)) as Record<string, unknown>;
}
