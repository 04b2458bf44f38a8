import fc from "fast-check";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import { encodeResponse, HttpRequestParser } from "../../lib/http";

const enc = (s: string) => utf8Encode(s);

describe("HttpRequestParser", () => {
  test("parses a GET with a query and keeps header names lower-case", () => {
    const r = new HttpRequestParser().push(enc("GET /characteristics?id=1.10,1.11&meta=1&ev=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(1);
    const q = r.requests[0];
    expect(q.method).toBe("GET");
    expect(q.path).toBe("/characteristics");
    expect(q.query).toEqual({ id: "1.10,1.11", meta: "1", ev: "1" });
    expect(q.headers).toEqual({ host: "x" });
    expect(q.body.length).toBe(0);
  });

  test("percent-decoded query (%2C) gives the same ids", () => {
    const r = new HttpRequestParser().push(enc("GET /characteristics?id=1.10%2C1.11 HTTP/1.1\r\n\r\n"));
    expect(r.requests[0].query.id).toBe("1.10,1.11");
  });

  test("pipelined requests in one chunk, bodies by Content-Length", () => {
    const body = '{"characteristics":[]}';
    const r = new HttpRequestParser().push(
      enc(`PUT /characteristics HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}GET /accessories HTTP/1.1\r\n\r\nPOST /identify HTTP/1.1\r\nContent-Length: 0\r\n\r\n`),
    );
    expect(r.error).toBeUndefined();
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual(["PUT /characteristics", "GET /accessories", "POST /identify"]);
    expect(utf8Decode(r.requests[0].body)).toBe(body);
  });

  test("a request split at every byte boundary parses the same (keep-alive, partial TCP chunks)", () => {
    const text = "POST /pair-setup HTTP/1.1\r\nContent-Type: application/pairing+tlv8\r\nContent-Length: 6\r\n\r\n\x00\x01\x00\x06\x01\x01";
    const bytes = enc(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new HttpRequestParser();
      const a = p.push(bytes.slice(0, cut));
      const b = p.push(bytes.slice(cut));
      const all = [...a.requests, ...b.requests];
      expect(all).toHaveLength(1);
      expect(Array.from(all[0].body)).toEqual([0, 1, 0, 6, 1, 1]);
    }
  });

  test.each([
    ["garbage request line", "HELLO\r\n\r\n"],
    ["unknown method", "BREW /pot HTTP/1.1\r\n\r\n"],
    ["HTTP/2 line", "GET / HTTP/2.0\r\n\r\n"],
    ["header without colon", "GET / HTTP/1.1\r\nnocolon\r\n\r\n"],
    ["negative length", "PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"],
    ["chunked", "PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"],
    ["conflicting lengths", "PUT / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"],
    ["control byte in head", "GET /\x01 HTTP/1.1\r\n\r\n"],
    ["bad percent escape", "GET /c?id=%zz HTTP/1.1\r\n\r\n"],
  ])("%s → error, and the parser stays dead", (_name, text) => {
    const p = new HttpRequestParser();
    const r = p.push(enc(text));
    expect(r.error).toBeDefined();
    expect(p.push(enc("GET / HTTP/1.1\r\n\r\n"))).toEqual({ requests: [], error: r.error });
  });

  test("requests before a bad one are still returned", () => {
    const r = new HttpRequestParser().push(enc("GET /accessories HTTP/1.1\r\n\r\nxx yy\r\n\r\n"));
    expect(r.requests).toHaveLength(1);
    expect(r.error).toBe("bad request line");
  });

  test("limits: an endless head and an oversized body are refused", () => {
    const p = new HttpRequestParser({ maxHeaderBytes: 64, maxBodyBytes: 10 });
    expect(p.push(enc("GET / HTTP/1.1\r\nX: " + "a".repeat(100))).error).toBe("header too large");
    expect(new HttpRequestParser({ maxHeaderBytes: 64, maxBodyBytes: 10 }).push(enc("PUT / HTTP/1.1\r\nContent-Length: 11\r\n\r\n")).error).toBe("body too large");
  });

  test("property: random bytes never throw, and a valid request after a prefix of them is found or an error is reported", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (chunks) => {
        const p = new HttpRequestParser({ maxHeaderBytes: 256, maxBodyBytes: 256 });
        for (const c of chunks) {
          const r = p.push(c);
          for (const q of r.requests) expect(typeof q.path).toBe("string");
        }
      }),
      { numRuns: 500 },
    );
  });

  test("property: any sequence of well-formed requests round-trips through any chunking", () => {
    const reqArb = fc.record({
      method: fc.constantFrom("GET", "PUT", "POST"),
      path: fc.constantFrom("/accessories", "/characteristics", "/pair-verify"),
      body: fc.uint8Array({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(reqArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(300), { maxLength: 6 }), (reqs, cuts) => {
        const parts = reqs.map((q) => {
          const head = enc(`${q.method} ${q.path} HTTP/1.1\r\nContent-Length: ${q.body.length}\r\n\r\n`);
          const all = new Uint8Array(head.length + q.body.length);
          all.set(head);
          all.set(q.body, head.length);
          return all;
        });
        const stream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let o = 0;
        for (const p of parts) {
          stream.set(p, o);
          o += p.length;
        }
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const p = new HttpRequestParser();
        const got = [];
        let from = 0;
        for (const at of [...points, stream.length]) {
          const r = p.push(stream.slice(from, at));
          expect(r.error).toBeUndefined();
          got.push(...r.requests);
          from = at;
        }
        expect(got.map((q) => [q.method, q.path, Array.from(q.body)])).toEqual(reqs.map((q) => [q.method, q.path, Array.from(q.body)]));
      }),
      { numRuns: 200 },
    );
  });
});

describe("encodeResponse", () => {
  test("writes status line, headers and Content-Length", () => {
    const text = utf8Decode(encodeResponse({ status: 204 }));
    expect(text).toBe("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
  });

  test("a caller's Content-Length is replaced by the body's byte length", () => {
    const text = utf8Decode(encodeResponse({ status: 200, headers: { "content-length": "99" }, body: utf8Encode("é") }));
    expect(text).toBe("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\né");
  });
});
