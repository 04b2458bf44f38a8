// A plug reached over its HTTP API (Shelly's RPC over GET with digest auth, Tasmota's `/cm`): one GET per step,
// through the hal HttpClient. Never logs a request path (Tasmota's carries the password).

import type { HttpClient, HttpResult, Random } from "../../hal/types";
import { bytesToHex } from "../../lib/bytes";
import { digestAuthorization, parseDigestChallenge, type DigestChallenge, type Sha256 } from "./digest";
import type { Answer, PlugProtocol, PlugReading, PlugTransport } from "./protocol";

/** A LAN device answers in tens of ms; 3 s covers a Wi-Fi plug waking from power save, and frees a dead plug's turn. */
export const PLUG_REQUEST_TIMEOUT_MS = 3000;
/** A Shelly Pro's Switch.GetStatus is ~400 bytes, Tasmota's Status 8 ~350: 2 KB is room, and little heap. */
export const PLUG_MAX_BODY_BYTES = 2048;

export interface HttpTransportDeps {
  http: HttpClient;
  /** For the digest client nonce. */
  random: Random;
  sha256: Sha256;
}

type Exchange = { ok: true; body: string } | { ok: false; why: string };

export class HttpPlugTransport implements PlugTransport {
  private readonly deps: HttpTransportDeps;
  /** `host` or `host:port` on the LAN. */
  readonly where: string;
  private readonly protocol: PlugProtocol;
  /** Shelly's digest password (Tasmota's credentials are in its protocol's query). */
  private readonly password: string | undefined;
  private challenge: DigestChallenge | null = null;
  private nonceCount = 0;

  constructor(deps: HttpTransportDeps, host: string, protocol: PlugProtocol, password?: string) {
    this.deps = deps;
    this.where = host;
    this.protocol = protocol;
    this.password = password;
  }

  /** Not async (nor read): a then-callback waits for the answer, not a suspended frame (bench/plugs-heap, per exchange). */
  set(on: boolean): Promise<Answer<PlugReading | undefined>> {
    return this.get(this.protocol.setPath(on)).then((answer) => {
      if (!answer.ok) return answer;
      if (!this.protocol.parseSet(answer.body)) return { ok: false, why: "unexpected answer to the command" };
      return { ok: true, value: undefined };
    });
  }

  read(): Promise<Answer<PlugReading>> {
    const { protocol } = this;
    return this.get(protocol.statusPath()).then((answer): Answer<PlugReading> | Promise<Answer<PlugReading>> => {
      if (!answer.ok) return answer;
      const reading = protocol.parseStatus(answer.body);
      if (reading === null) return { ok: false, why: "unexpected status answer" };
      if (reading.powerW !== undefined || !protocol.powerPath || !protocol.parsePower) return { ok: true, value: reading };
      if (!reading.on) {
        reading.powerW = 0;
        return { ok: true, value: reading };
      }
      return this.get(protocol.powerPath()).then((power) => {
        const powerW = power.ok ? (protocol.parsePower?.(power.body) ?? null) : null;
        if (powerW !== null) reading.powerW = powerW;
        return { ok: true, value: reading };
      });
    });
  }

  /**
   * One GET, answering a digest challenge once when the device asks for one. One result variable, overwritten: an
   * exchange waiting on the network holds only what it needs (bench/plugs-heap: every plug may be in flight at once).
   */
  private async get(path: string): Promise<Exchange> {
    let result = await this.request(path);
    if (result.ok && result.response.status === 401 && this.protocol.digest) {
      const refused = this.takeChallenge(result.response.headers["www-authenticate"]);
      if (refused !== undefined) return { ok: false, why: refused };
      result = await this.request(path);
    }
    if (!result.ok) return { ok: false, why: result.error.kind };
    const status = result.response.status;
    if (status === 401) return { ok: false, why: "password refused (401)" };
    if (status !== 200) return { ok: false, why: `HTTP ${status}` };
    return { ok: true, body: result.response.body };
  }

  /** A fresh challenge (the first, or the old nonce expired) is kept for the next requests; why not, else. */
  private takeChallenge(header: string | undefined): string | undefined {
    const challenge = parseDigestChallenge(header);
    if (challenge === null) return "401 without a SHA-256 digest challenge";
    if (this.password === undefined || this.password === "") return "the device asks for a password and none is set";
    // Answered once; a second 401 on the same request is a wrong password.
    this.challenge = challenge;
    this.nonceCount = 0;
    return undefined;
  }

  private request(path: string): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    const { password } = this;
    if (this.challenge !== null && password !== undefined && password !== "") {
      this.nonceCount++;
      const cnonce = bytesToHex(this.deps.random.fill(new Uint8Array(8)));
      headers.authorization = digestAuthorization({ challenge: this.challenge, method: "GET", uri: path, password, nonceCount: this.nonceCount, cnonce, sha256: this.deps.sha256 });
    }
    return this.deps.http.request({ method: "GET", url: `http://${this.where}${path}`, headers, timeoutMs: PLUG_REQUEST_TIMEOUT_MS, maxBodyBytes: PLUG_MAX_BODY_BYTES });
  }
}
