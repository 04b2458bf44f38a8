// HttpClient on the Moddable SDK: `net` resolves the name, the `http` Request speaks HTTP/1.1 over a Socket or a
// SecureSocket (roots from the manifest's resources). Never buffers a body past maxBodyBytes, never throws to the core.
import { Request } from "http";
import Net from "net";
import SecureSocket from "securesocket";
import { Socket } from "socket";
import Timer from "timer";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import type { HttpClient, HttpErrorKind, HttpRequest, HttpResult } from "../types";

/** TLS 1.2: what the SDK's ssl session speaks and what RTE's and the community hosts accept. */
const TLS_1_2 = 0x303;

interface Target {
  https: boolean;
  host: string;
  port: number;
  path: string;
  /** The Host header: the name with the port when it is not the scheme's own. */
  hostHeader: string;
}

/** A small URL reader (no URL class on XS builds without it): scheme, host, optional port, path and query. */
export function parseHttpUrl(url: string): Target | undefined {
  const match = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(\/[^\s#]*)?$/.exec(url);
  if (match === null) return undefined;
  const https = match[1] === "https";
  const port = match[3] === undefined ? (https ? 443 : 80) : Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  const host = match[2];
  return { https, host, port, path: match[4] ?? "/", hostHeader: match[3] === undefined ? host : `${host}:${port}` };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

type Settle = (result: HttpResult) => void;

/** One exchange: its stage says which error kind a failure is. */
class Exchange {
  private stage: "resolving" | "connecting" | "handshaking" | "waiting" | "body" = "resolving";
  private request: Request | undefined;
  private timer: Timer | undefined;
  private readonly headers: Record<string, string> = {};
  private status = 0;
  private readonly chunks: Uint8Array[] = [];
  private received = 0;
  private settled = false;

  constructor(private readonly spec: HttpRequest, private readonly target: Target, private readonly settle: Settle) {}

  start(): void {
    this.timer = Timer.set(() => this.fail("timeout", `no complete answer in ${this.spec.timeoutMs} ms (${this.stage})`), this.spec.timeoutMs);
    const { host } = this.target;
    if (IPV4.test(host)) {
      this.connect(host);
      return;
    }
    try {
      Net.resolve(host, (_name, address) => {
        if (this.settled) return;
        if (address === undefined) this.fail("dns", `cannot resolve ${host}`);
        else this.connect(address);
      });
    } catch (error) {
      this.fail("dns", `resolver busy: ${String(error)}`); // lwIP's look-up queue is full
    }
  }

  private connect(address: string): void {
    const { spec, target } = this;
    this.stage = "connecting";
    // The SDK's Request adds "Connection: close" itself.
    const headers: string[] = ["Host", target.hostHeader];
    for (const name in spec.headers ?? {}) headers.push(name, (spec.headers ?? {})[name]);
    // A string body would be counted in UTF-16 units for its content-length: send bytes.
    const body = spec.method === "POST" ? utf8Encode(spec.body ?? "").buffer as ArrayBuffer : undefined;
    try {
      const request = new Request({
        // The resolved address goes as `host`: lwIP takes an IP literal there at once, and the SDK's Linux socket
        // (the lin build) accepts only `host`. The Host header and TLS server name are set apart, from the URL.
        host: address,
        port: target.port,
        path: target.path,
        method: spec.method,
        headers,
        ...(body === undefined ? {} : { body }),
        Socket: target.https ? this.secureSocketFactory() : this.plainSocketFactory(),
        ...(target.https ? { secure: { tls_server_name: target.host, protocolVersion: TLS_1_2 } } : {}),
      } as ConstructorParameters<typeof Request>[0]);
      this.request = request;
      request.callback = (message: number, value?: unknown, etc?: unknown) => this.onMessage(message, value, etc);
    } catch (error) {
      this.fail(target.https ? "tls" : "connect", String(error));
    }
  }

  /**
   * A socket whose write cannot throw into the SDK's Request: the SDK's Linux socket reports a refused connection
   * as "connected" and then throws "write failed" from inside Request's callback, an unhandled exception that
   * aborts the VM (seen on the lin build). The throw is caught here and told as a failure on the next turn, once
   * Request's own callback has returned.
   */
  private guardWrites<T extends { write(...data: unknown[]): unknown }>(socket: T): T {
    const write = socket.write;
    const exchange = this;
    // Defined, not assigned: the preloaded prototype is frozen, and assigning over a frozen method throws.
    Object.defineProperty(socket, "write", {
      value: function guardedWrite(this: T, ...data: unknown[]): unknown {
        try {
          return write.apply(this, data);
        } catch (error) {
          const kind: HttpErrorKind = exchange.stage === "handshaking" ? "tls" : exchange.stage === "connecting" ? "connect" : "protocol";
          Timer.set(() => exchange.fail(kind, `write failed while ${exchange.stage}: ${String(error)}`), 0);
          return 0;
        }
      },
    });
    return socket;
  }

  private plainSocketFactory(): unknown {
    const exchange = this;
    return function GuardedSocket(dictionary: Record<string, unknown>) {
      const TcpSocket = Socket as unknown as new (options: Record<string, unknown>) => { write(...data: unknown[]): unknown };
      return exchange.guardWrites(new TcpSocket(dictionary));
    };
  }

  /** A SecureSocket whose TCP socket tells us when it connected, so a failure after that is a TLS one. */
  private secureSocketFactory(): unknown {
    const exchange = this;
    return function TrackedSecureSocket(dictionary: Record<string, unknown>) {
      const secure = new SecureSocket(dictionary);
      const tcp = (secure as unknown as { sock: { callback: (message: number, value?: number) => void } }).sock;
      const inner = tcp.callback;
      tcp.callback = (message: number, value?: number) => {
        if (message === 1 && exchange.stage === "connecting") exchange.stage = "handshaking";
        inner(message, value);
      };
      return exchange.guardWrites(secure as unknown as { write(...data: unknown[]): unknown });
    };
  }

  private onMessage(message: number, value: unknown, etc: unknown): void {
    if (this.settled) return;
    const request = this.request;
    if (request === undefined) return;
    if (message === Request.status) {
      this.stage = "waiting";
      this.status = Number(value);
    } else if (message === Request.header) {
      const name = String(value).toLowerCase();
      if (!(name in this.headers)) this.headers[name] = String(etc);
    } else if (message === Request.headersComplete) {
      this.stage = "body";
      const declared = Number(this.headers["content-length"]);
      if (Number.isFinite(declared) && declared > this.spec.maxBodyBytes) {
        this.fail("too-large", `content-length ${declared} > ${this.spec.maxBodyBytes} bytes`);
      }
    } else if (message === 4 /* Request.responseFragment: the typing has the wrong value */) {
      const piece = new Uint8Array(request.read(ArrayBuffer) as ArrayBuffer);
      this.received += piece.byteLength;
      if (this.received > this.spec.maxBodyBytes) this.fail("too-large", `body past ${this.spec.maxBodyBytes} bytes`);
      else this.chunks.push(piece);
    } else if (message === Request.responseComplete) {
      this.finish();
    } else if (message < 0) {
      // The module says only "error": where the exchange stood tells which kind (a plain socket that failed before
      // any status line is counted as connect, a server that closed mid-answer as protocol).
      const kind: HttpErrorKind = this.stage === "connecting" ? "connect" : this.stage === "handshaking" ? "tls" : "protocol";
      this.fail(kind, `connection failed while ${this.stage}`);
    }
  }

  private finish(): void {
    const bytes = new Uint8Array(this.received);
    let at = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    this.end({ ok: true, response: { status: this.status, headers: this.headers, body: utf8Decode(bytes) } });
  }

  private fail(kind: HttpErrorKind, message: string): void {
    this.end({ ok: false, error: { kind, message } });
  }

  private end(result: HttpResult): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== undefined) Timer.clear(this.timer);
    try {
      this.request?.close();
    } catch {
      // already closed by the module
    }
    this.request = undefined;
    this.chunks.length = 0;
    this.settle(result);
  }
}

export class ModdableHttpClient implements HttpClient {
  request(spec: HttpRequest): Promise<HttpResult> {
    return new Promise((resolve) => {
      const target = parseHttpUrl(spec.url);
      if (target === undefined) {
        resolve({ ok: false, error: { kind: "protocol", message: `not an http(s) URL: ${spec.url}` } });
        return;
      }
      new Exchange(spec, target, resolve).start();
    });
  }
}
