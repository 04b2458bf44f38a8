// A minimal HttpClient over node:http for the plug tests until hal/node/http-client.ts (the signals helper's) lands:
// the contract's whole-exchange time-out, body bound and error kinds, nothing more. Test-only.
import { request as httpRequest } from "node:http";
import type { HttpClient, HttpRequest, HttpResult } from "../../hal/types";

export class StandInHttpClient implements HttpClient {
  request(r: HttpRequest): Promise<HttpResult> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (result: HttpResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        req.destroy();
        resolve(result);
      };
      const req = httpRequest(r.url, { method: r.method, headers: r.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on("data", (chunk: Buffer) => {
          total += chunk.length;
          if (total > r.maxBodyBytes) finish({ ok: false, error: { kind: "too-large", message: `body past ${r.maxBodyBytes} bytes` } });
          else chunks.push(chunk);
        });
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) headers[name] = Array.isArray(value) ? value[0] : String(value);
          finish({ ok: true, response: { status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") } });
        });
        res.on("error", (e) => finish({ ok: false, error: { kind: "protocol", message: e.message } }));
      });
      const timer = setTimeout(() => finish({ ok: false, error: { kind: "timeout", message: "no complete answer in time" } }), r.timeoutMs);
      req.on("error", (e: NodeJS.ErrnoException) => finish({ ok: false, error: { kind: e.code === "ECONNREFUSED" ? "connect" : "protocol", message: e.message } }));
      req.end(r.body);
    });
  }
}
