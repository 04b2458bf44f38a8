// The Node HttpClient against real loopback servers: http, https with a test CA, and every failure kind.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { NodeHttpClient } from "../../hal/node/http-client";
import type { HttpRequest } from "../../hal/types";
import { makeTestPki, type TestPki } from "./test-ca";

/** A raw TCP server whose sockets the clean-up destroys (net servers have no closeAllConnections). */
function createTcp(onSocket: (socket: Socket) => void = () => {}) {
  return createTcpServer((socket) => {
    rawSockets.push(socket);
    onSocket(socket);
  });
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];
const rawSockets: Socket[] = [];
const clients: NodeHttpClient[] = [];
let pki: TestPki;
let strangerPki: TestPki;

beforeAll(() => {
  pki = makeTestPki();
  strangerPki = makeTestPki("stranger CA");
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const socket of rawSockets.splice(0)) socket.destroy();
  const open = servers.splice(0);
  for (const s of open) if ("closeAllConnections" in s) s.closeAllConnections();
  await Promise.all(open.map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function client(extraCaPem?: string): NodeHttpClient {
  const c = new NodeHttpClient(extraCaPem === undefined ? {} : { extraCaPem });
  clients.push(c);
  return c;
}

function get(url: string, more: Partial<HttpRequest> = {}): HttpRequest {
  return { method: "GET", url, timeoutMs: 2_000, maxBodyBytes: 4_096, ...more };
}

const json: Handler = (req, res) => {
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString()));
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "x-seen-auth": req.headers.authorization ?? "" });
    res.end(JSON.stringify({ method: req.method, url: req.url, body }));
  });
};

test("plain http: status, lower-case headers, body, request headers and POST body reach the server", async () => {
  const port = await listen(createHttp(json));
  const result = await client().request({
    method: "POST", url: `http://127.0.0.1:${port}/token/oauth/?a=1`, headers: { authorization: "Basic eDp5" },
    body: "grant_type=client_credentials", timeoutMs: 2_000, maxBodyBytes: 4_096,
  });
  expect(result).toEqual({
    ok: true,
    response: expect.objectContaining({
      status: 200,
      headers: expect.objectContaining({ "content-type": "application/json", "x-seen-auth": "Basic eDp5" }),
    }),
  });
  if (!result.ok) return;
  expect(JSON.parse(result.response.body)).toEqual({ method: "POST", url: "/token/oauth/?a=1", body: "grant_type=client_credentials" });
});

test("https with the test CA handed to the client verifies and answers; UTF-8 survives chunking", async () => {
  const text = "Température élevée — jour rouge ".repeat(40);
  const port = await listen(createHttps({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (_req, res) => {
    const bytes = Buffer.from(text);
    res.writeHead(200);
    // Split inside a multi-byte character so a naive per-chunk decode would break it.
    res.write(bytes.subarray(0, 3));
    setTimeout(() => res.end(bytes.subarray(3)), 20);
  }) as unknown as Server);
  const result = await client(pki.caPem).request(get(`https://127.0.0.1:${port}/`));
  expect(result.ok && result.response.body).toBe(text);
});

test("an HTTP error status is an answer, not a failure", async () => {
  const port = await listen(createHttp((_req, res) => {
    res.writeHead(500, { "retry-after": "Mon, 30 Nov 2026 17:00:00 GMT" });
    res.end("boom");
  }));
  const result = await client().request(get(`http://127.0.0.1:${port}/`));
  expect(result).toEqual({
    ok: true, response: { status: 500, headers: expect.objectContaining({ "retry-after": "Mon, 30 Nov 2026 17:00:00 GMT" }), body: "boom" },
  });
});

test("a body past maxBodyBytes is abandoned as too-large, chunked or declared", async () => {
  const chunked = await listen(createHttp((_req, res) => {
    res.writeHead(200);
    const piece = "x".repeat(1_000);
    // Endless: the client must stop reading on its own, not wait for the end.
    const timer = setInterval(() => res.write(piece), 1);
    res.on("close", () => clearInterval(timer));
  }));
  const declared = await listen(createHttp((_req, res) => {
    res.writeHead(200, { "content-length": "100000" });
    res.write("x");
  }));
  const c = client();
  const a = await c.request(get(`http://127.0.0.1:${chunked}/`, { maxBodyBytes: 10_000, timeoutMs: 5_000 }));
  expect(a).toEqual({ ok: false, error: { kind: "too-large", message: expect.stringContaining("10000") } });
  const b = await c.request(get(`http://127.0.0.1:${declared}/`, { maxBodyBytes: 10_000, timeoutMs: 5_000 }));
  expect(b).toEqual({ ok: false, error: { kind: "too-large", message: expect.stringContaining("100000") } });
});

test("a server that hangs mid-body ends in timeout within the whole-exchange limit", async () => {
  const port = await listen(createHttp((_req, res) => {
    res.writeHead(200, { "content-length": "50" });
    res.write("{\"tempo\":"); // and never more
  }));
  const started = Date.now();
  const result = await client().request(get(`http://127.0.0.1:${port}/`, { timeoutMs: 300 }));
  expect(result).toEqual({ ok: false, error: { kind: "timeout", message: expect.any(String) } });
  // Bounded from above only loosely: the point is that it did not wait for a body that never comes.
  expect(Date.now() - started).toBeLessThan(3_000);
});

test("a server that accepts and never answers the headers ends in timeout too", async () => {
  const silent = createTcp(() => {});
  const port = await listen(silent as unknown as Server);
  const result = await client().request(get(`http://127.0.0.1:${port}/`, { timeoutMs: 300 }));
  expect(result.ok === false && result.error.kind).toBe("timeout");
});

test("a closed port is a connect failure", async () => {
  const probe = createTcp();
  const port = await listen(probe as unknown as Server);
  await new Promise((r) => probe.close(r));
  servers.splice(servers.indexOf(probe as unknown as Server), 1);
  const result = await client().request(get(`http://127.0.0.1:${port}/`));
  expect(result.ok === false && result.error.kind).toBe("connect");
});

test("a certificate from a CA the client does not trust is a tls failure, and the server never sees a request", async () => {
  let requests = 0;
  const port = await listen(createHttps({ cert: strangerPki.serverCertPem, key: strangerPki.serverKeyPem }, (_req, res) => {
    requests++;
    res.end("secret");
  }) as unknown as Server);
  const withOtherCa = await client(pki.caPem).request(get(`https://127.0.0.1:${port}/`));
  const withNone = await client().request(get(`https://127.0.0.1:${port}/`));
  expect(withOtherCa.ok === false && withOtherCa.error.kind).toBe("tls");
  expect(withNone.ok === false && withNone.error.kind).toBe("tls");
  expect(requests).toBe(0);
});

test("a name that does not resolve is a dns failure; a bad URL is a protocol failure; nothing throws", async () => {
  // .invalid is reserved (RFC 6761): no resolver may answer it, with or without a network.
  const dns = await client().request(get("http://no-such-host.invalid/", { timeoutMs: 5_000 }));
  expect(dns.ok === false && dns.error.kind).toBe("dns");
  const bad = await client().request(get("not a url"));
  expect(bad).toEqual({ ok: false, error: { kind: "protocol", message: expect.any(String) } });
  const ftp = await client().request(get("ftp://127.0.0.1/"));
  expect(ftp.ok === false && ftp.error.kind).toBe("protocol");
});

test("a server speaking something else than HTTP is a protocol failure", async () => {
  const liar = createTcp((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n"));
  const port = await listen(liar as unknown as Server);
  const result = await client().request(get(`http://127.0.0.1:${port}/`));
  expect(result.ok === false && result.error.kind).toBe("protocol");
});
