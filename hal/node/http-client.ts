// HttpClient on Node over undici's fetch, with an optional extra certificate authority for https.
// Host-only. Never rejects, never keeps a body past maxBodyBytes, never outlives timeoutMs.
//
// Why undici and not the global fetch: Node 20's fetch takes a CA only through an undici Agent given as
// `dispatcher`, and the undici bundled in Node is not importable; an Agent from another undici copy does not
// reliably plug into the bundled fetch, so both fetch and Agent come from the same `undici` package.
import { rootCertificates } from "node:tls";
import { Agent, fetch } from "undici";
import type { HttpClient, HttpErrorKind, HttpRequest, HttpResult } from "../types";

export interface NodeHttpClientOptions {
  /** PEM of an extra certificate authority trusted for https besides the system ones (a test CA, a proxy's). */
  extraCaPem?: string;
}

/** Error codes of Node's resolver, sockets and TLS layer, by the kind of failure the contract names. */
const CODE_KINDS: Readonly<Record<string, HttpErrorKind>> = Object.freeze({
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  EAI_NONAME: "dns",
  ECONNREFUSED: "connect",
  ECONNRESET: "connect",
  EHOSTUNREACH: "connect",
  ENETUNREACH: "connect",
  EADDRNOTAVAIL: "connect",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "tls",
  UNABLE_TO_GET_ISSUER_CERT: "tls",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "tls",
  SELF_SIGNED_CERT_IN_CHAIN: "tls",
  DEPTH_ZERO_SELF_SIGNED_CERT: "tls",
  CERT_HAS_EXPIRED: "tls",
  CERT_NOT_YET_VALID: "tls",
  CERT_REVOKED: "tls",
  CERT_UNTRUSTED: "tls",
  ERR_TLS_CERT_ALTNAME_INVALID: "tls",
  ERR_SSL_WRONG_VERSION_NUMBER: "tls",
  EPROTO: "tls",
  UND_ERR_SOCKET: "connect",
  HPE_INVALID_CONSTANT: "protocol",
  UND_ERR_INVALID_ARG: "protocol",
});

function failure(kind: HttpErrorKind, message: string): HttpResult {
  return { ok: false, error: { kind, message } };
}

/** The innermost error with a code: undici wraps the socket's error as `cause` of "fetch failed". Errors are read by
 * shape, not `instanceof Error`: the socket's error may come from another realm (a test runner's vm context). */
function codeOf(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error;
  let message = String(error);
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const { code, message: text, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof text === "string") message = text;
    if (typeof code === "string") return { code, message };
    current = cause;
  }
  return { code: undefined, message };
}

function classify(error: unknown, timedOut: boolean): HttpResult {
  if (timedOut) return failure("timeout", "no complete answer in time");
  const { code, message } = codeOf(error);
  const kind = code === undefined ? undefined : CODE_KINDS[code];
  if (kind !== undefined) return failure(kind, `${code}: ${message}`);
  if (code !== undefined && (code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code.includes("CERT"))) {
    return failure("tls", `${code}: ${message}`);
  }
  return failure("protocol", code === undefined ? message : `${code}: ${message}`);
}

export class NodeHttpClient implements HttpClient {
  private readonly dispatcher: Agent;

  constructor(options: NodeHttpClientOptions = {}) {
    // The extra CA is added to Node's own roots, so public hosts still verify when a test or proxy CA is given.
    const ca = options.extraCaPem === undefined ? undefined : [...rootCertificates, options.extraCaPem];
    this.dispatcher = new Agent({ connect: ca === undefined ? {} : { ca }, keepAliveTimeout: 4_000 });
  }

  async request(request: HttpRequest): Promise<HttpResult> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return failure("protocol", `not a URL: ${request.url}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return failure("protocol", `not http(s): ${url.protocol}`);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response = await fetch(url, {
        method: request.method,
        headers: request.headers,
        body: request.method === "POST" ? (request.body ?? "") : undefined,
        signal: controller.signal,
        dispatcher: this.dispatcher,
        redirect: "manual",
      });
      const headers: Record<string, string> = {};
      // fetch has already joined a repeated header with ", " and a comma cannot be split back safely (a date in
      // Retry-After holds one), so a repeated header reaches the caller joined; none the sources read repeats.
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const declared = Number(headers["content-length"]);
      if (Number.isFinite(declared) && declared > request.maxBodyBytes) {
        controller.abort();
        return failure("too-large", `content-length ${declared} > ${request.maxBodyBytes} bytes`);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      if (response.body !== null) {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          if (total > request.maxBodyBytes) {
            controller.abort();
            return failure("too-large", `body past ${request.maxBodyBytes} bytes`);
          }
          chunks.push(value);
        }
      }
      const bytes = new Uint8Array(total);
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.byteLength;
      }
      return { ok: true, response: { status: response.status, headers, body: new TextDecoder().decode(bytes) } };
    } catch (error) {
      return classify(error, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the kept-alive connections (a test's servers can then close at once). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
