// Test helper: one HTTP/1.1 exchange over a real loopback socket, written byte for byte (two Host headers, odd
// Host values and cookies included), read until the server closes. Bounded in time.
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method: string;
  path: string;
  /** Sent in this order, as given (a name may repeat). */
  headers: [string, string][];
  body?: string;
}

export function rawExchange(port: number, request: RawRequest, limitMs = 5000): Promise<RawResponse> {
  const body = Buffer.from(request.body ?? "", "utf8");
  const lines = [`${request.method} ${request.path} HTTP/1.1`, ...request.headers.map(([n, v]) => `${n}: ${v}`)];
  if (body.length > 0 || request.method !== "GET") lines.push(`Content-Length: ${body.length}`);
  const raw = Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), body]);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${limitMs} ms to ${request.method} ${request.path}`));
    }, limitMs);
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      const headEnd = text.indexOf("\r\n\r\n");
      const [statusLine, ...headerLines] = text.slice(0, headEnd).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0), headers, body: text.slice(headEnd + 4) });
    });
    socket.on("connect", () => socket.write(raw));
  });
}
