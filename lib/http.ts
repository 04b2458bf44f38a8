// HTTP/1.1 for every server of the box (HAP, portal, web page): an incremental request parser (keep-alive,
// pipelining, Content-Length bodies, size limits) and a response encoder. Never throws on bad input: a bad stream yields an error and stays dead.
import { concatBytes, utf8Decode, utf8Encode } from "./bytes";

export interface HttpRequest {
  method: string;
  /** Path without the query, e.g. "/characteristics". */
  path: string;
  /** Decoded query parameters; the last occurrence of a name wins. */
  query: Record<string, string>;
  /** Header names in lower case; a repeated header keeps its last value (see `repeated`). */
  headers: Record<string, string>;
  /** Lower-case names of headers sent more than once, when any was (a server may refuse e.g. two Host headers). */
  repeated?: string[];
  body: Uint8Array;
}

export interface HttpLimits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

/** Our bodies are small JSON, TLV8 or form documents; anything bigger is an attack or a bug. Servers may pass tighter limits. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze({ maxHeaderBytes: 8192, maxBodyBytes: 65536 });

export interface HttpParseResult {
  requests: HttpRequest[];
  /** Set once the stream is unusable; the caller answers 400 (if it can) and closes the connection. */
  error?: string;
}

const METHODS: readonly string[] = Object.freeze(["GET", "PUT", "POST", "DELETE"]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CR = 13;
const LF = 10;

export class HttpRequestParser {
  private buffer: Uint8Array = new Uint8Array(0);
  private failure: string | undefined;

  constructor(private readonly limits: HttpLimits = DEFAULT_HTTP_LIMITS) {}

  get error(): string | undefined {
    return this.failure;
  }

  /** Bytes held and not yet returned as requests: a server bounds this for a peer that pipelines without reading. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /**
   * Feed bytes as they arrive; returns the requests completed by them, in order, at most `maxRequests` (the rest stays
   * buffered, unparsed: push an empty chunk later to take more).
   */
  push(chunk: Uint8Array, maxRequests = Infinity): HttpParseResult {
    if (this.failure !== undefined) return { requests: [], error: this.failure };
    if (chunk.length > 0) this.buffer = this.buffer.length === 0 ? chunk.slice() : concatBytes(this.buffer, chunk);
    const requests: HttpRequest[] = [];
    while (requests.length < maxRequests) {
      const step = this.next();
      if (step === undefined) break;
      if (typeof step === "string") {
        this.failure = step;
        this.buffer = new Uint8Array(0);
        return { requests, error: step };
      }
      requests.push(step);
    }
    return { requests };
  }

  /** One complete request from the buffer, an error text, or undefined when more bytes are needed. */
  private next(): HttpRequest | string | undefined {
    const headEnd = findHeadEnd(this.buffer, this.limits.maxHeaderBytes);
    if (headEnd < 0) return this.buffer.length > this.limits.maxHeaderBytes ? "header too large" : undefined;
    const head = parseHead(this.buffer, headEnd);
    if (typeof head === "string") return head;
    const lengthText = head.headers["content-length"];
    if (head.headers["transfer-encoding"] !== undefined) return "transfer-encoding not supported";
    let bodyLength = 0;
    if (lengthText !== undefined) {
      if (!/^[0-9]{1,9}$/.test(lengthText)) return "bad content-length";
      bodyLength = Number(lengthText);
    }
    if (bodyLength > this.limits.maxBodyBytes) return "body too large";
    const bodyStart = headEnd + 4;
    if (this.buffer.length < bodyStart + bodyLength) return undefined;
    const body = this.buffer.slice(bodyStart, bodyStart + bodyLength);
    // A view, not a copy: a chunk of many pipelined requests is not copied once per request.
    this.buffer = this.buffer.subarray(bodyStart + bodyLength);
    return { ...head, body };
  }
}

/** Index of the CRLFCRLF ending the head, or -1 (searching no further than the header limit). */
function findHeadEnd(bytes: Uint8Array, maxHeaderBytes: number): number {
  const last = Math.min(bytes.length, maxHeaderBytes + 4) - 4;
  for (let i = 0; i <= last; i++) {
    if (bytes[i] === CR && bytes[i + 1] === LF && bytes[i + 2] === CR && bytes[i + 3] === LF) return i;
  }
  return -1;
}

function parseHead(bytes: Uint8Array, headEnd: number): Omit<HttpRequest, "body"> | string {
  for (let i = 0; i < headEnd; i++) {
    // Raw control bytes (other than CRLF and tab) or non-ASCII in a head mean garbage, not HTTP.
    const b = bytes[i];
    if (b > 126 || (b < 32 && b !== CR && b !== LF && b !== 9)) return "bad byte in head";
  }
  const lines = utf8Decode(bytes.subarray(0, headEnd)).split("\r\n");
  const requestLine = /^([A-Z]+) (\/[^ ]*) HTTP\/1\.[01]$/.exec(lines[0]);
  if (requestLine === null) return "bad request line";
  const method = requestLine[1];
  if (METHODS.indexOf(method) < 0) return "unsupported method";
  const headers: Record<string, string> = {};
  let repeated: string[] | undefined;
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(":");
    if (colon <= 0) return "bad header line";
    const name = lines[i].slice(0, colon).toLowerCase();
    if (!TOKEN.test(name)) return "bad header name";
    const value = lines[i].slice(colon + 1).trim();
    // Two different Content-Length values is the classic request-smuggling shape: refuse it.
    if (name === "content-length" && headers[name] !== undefined && headers[name] !== value) return "conflicting content-length";
    if (Object.prototype.hasOwnProperty.call(headers, name)) (repeated ??= []).push(name);
    headers[name] = value;
  }
  const target = requestLine[2];
  const queryAt = target.indexOf("?");
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? {} : parseQuery(target.slice(queryAt + 1));
  if (query === undefined) return "bad query";
  return repeated === undefined ? { method, path, query, headers } : { method, path, query, headers, repeated };
}

function parseQuery(text: string): Record<string, string> | undefined {
  const query: Record<string, string> = {};
  if (text.length === 0) return query;
  for (const part of text.split("&")) {
    if (part.length === 0) continue;
    const eq = part.indexOf("=");
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
    const value = percentDecode(eq < 0 ? "" : part.slice(eq + 1));
    if (name === undefined || value === undefined) return undefined;
    query[name] = value;
  }
  return query;
}

function percentDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

export interface HttpResponse {
  status: number;
  /** Extra headers; Content-Length is always written by encodeResponse. */
  headers?: Record<string, string>;
  body?: Uint8Array;
}

/** Reason phrases of the statuses sent through encodeResponse (one line per status); others read "Status". */
export const HTTP_REASONS: Readonly<Record<number, string>> = Object.freeze({
  200: "OK",
  204: "No Content",
  207: "Multi-Status",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
});

/** The status line's protocol and reason phrases: plain HTTP/1.1, or a dialect framed the same way (HAP's EVENT/1.0). */
export interface ResponseFraming {
  protocol: string;
  reasons: Readonly<Record<number, string>>;
}

export const HTTP_FRAMING: ResponseFraming = Object.freeze({ protocol: "HTTP/1.1", reasons: HTTP_REASONS });

export function encodeResponse(response: HttpResponse, framing: ResponseFraming = HTTP_FRAMING): Uint8Array {
  const body = response.body ?? new Uint8Array(0);
  const reason = framing.reasons[response.status] ?? "Status";
  let head = `${framing.protocol} ${response.status} ${reason}\r\n`;
  const headers = response.headers ?? {};
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== "content-length") head += `${name}: ${headers[name]}\r\n`;
  }
  head += `Content-Length: ${body.length}\r\n\r\n`;
  return concatBytes(utf8Encode(head), body);
}
