// Responses written in bounded pieces as the socket drains: cases shared by jest (test/net) and XS (test/xs).
// Each case writes through the real writer or the real web server onto a PacedSocket and returns what it saw.
import { bytesEqual, utf8Encode } from "../../lib/bytes";
import type { HttpRequest } from "../../lib/http";
import type { TcpNetwork, TcpSocket } from "../../hal/types";
import { bodyText, RESPONSE_WRITE, writeTextResponse } from "../../src/net/text-response";
import { routeWebRequest } from "../../src/web/routes";
import { WebServer } from "../../src/web/server";
import { HOST, ownerFixture } from "../web/web-fixture";
import { PacedSocket } from "./paced-socket";

export interface StreamedCase {
  name: string;
  run(): { actual: unknown; expected: unknown } | Promise<{ actual: unknown; expected: unknown }>;
}

/** Accents, a sign, an emoji (a surrogate pair) and a lone surrogate: every UTF-8 width, and pieces cut among them. */
export const MIXED_TEXT = "Réglé à 19 °C — délestage 😀 \ud800 fin. ".repeat(400);

const { pieceBytes, maxQueuedBytes } = RESPONSE_WRITE;

/** What a client saw of a response on a socket drained to the end, beside the body it should have got. */
function observed(socket: PacedSocket, body: string) {
  const { head, body: bytes } = socket.response();
  const length = /\r\nContent-Length: (\d+)/.exec(head);
  return {
    largestWriteWithinPiece: Math.max(...socket.writeSizes) <= pieceBytes,
    queueWithinBound: socket.maxQueuedBytes < maxQueuedBytes + pieceBytes,
    pieces: socket.writeSizes.length > 1,
    contentLengthExact: length !== null && Number(length[1]) === bytes.length,
    bytesExact: bytesEqual(bytes, utf8Encode(body)),
    closedEmpty: socket.closed && socket.queuedAtClose === 0,
  };
}

const ALL_TRUE = { largestWriteWithinPiece: true, queueWithinBound: true, pieces: true, contentLengthExact: true, bytesExact: true, closedEmpty: true };

/** A web server on a network whose only connection is `socket`; its owner logged in (the settings page needs it). */
async function serveWebPage(socket: TcpSocket) {
  const f = await ownerFixture();
  let accept: ((s: TcpSocket) => void) | undefined;
  const tcp: TcpNetwork = { listen: async (_options, onConnection) => ((accept = onConnection), { port: 80, close: () => undefined }) };
  const server = new WebServer({ tcp, timers: f.time, random: { fill: (b) => b.fill(7) }, logger: { log: () => undefined }, box: f.box, store: f.store, clock: f.time, auth: f.auth }, { port: 80 });
  void server.start();
  const cookie = f.session?.cookie ?? "";
  return {
    cookie,
    connect: () => accept?.(socket),
    /** The body the route gives for the same request, to compare what went over the socket with. */
    expectedBody: async (path: string): Promise<string> => {
      const request: HttpRequest = { method: "GET", path, query: {}, headers: { host: HOST, "accept-language": "fr-FR", cookie }, body: new Uint8Array(0) };
      return bodyText((await routeWebRequest(request, f.context)).body);
    },
  };
}

function webPageCase(path: string, name: string): StreamedCase {
  return {
    name,
    async run() {
      const socket = new PacedSocket();
      const web = await serveWebPage(socket);
      // listen() resolves on a microtask, but its callback is set synchronously in the promise executor
      web.connect();
      socket.send(`GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\nAccept-Language: fr-FR\r\nCookie: ${web.cookie}\r\n\r\n`);
      socket.drainAll();
      return { actual: observed(socket, await web.expectedBody(path)), expected: ALL_TRUE };
    },
  };
}

export const STREAMED_CASES: readonly StreamedCase[] = Object.freeze([
  {
    name: "a long text of every UTF-8 width is written in pieces of at most one piece size, byte-exact, Content-Length exact",
    run() {
      const socket = new PacedSocket();
      writeTextResponse(socket, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: MIXED_TEXT });
      socket.drainAll();
      return { actual: observed(socket, MIXED_TEXT), expected: ALL_TRUE };
    },
  },
  {
    name: "the writer waits for the socket: past the queue bound nothing more is written, and it never closes a full socket",
    run() {
      const socket = new PacedSocket();
      writeTextResponse(socket, { status: 200, headers: {}, body: MIXED_TEXT });
      const before = { writes: socket.writeSizes.length, queued: socket.queuedBytes, closed: socket.closed };
      socket.drain();
      return {
        actual: { ...before, writesAfterDrain: socket.writeSizes.length - before.writes, closedAfterDrain: socket.closed },
        expected: { writes: maxQueuedBytes / pieceBytes, queued: maxQueuedBytes, closed: false, writesAfterDrain: maxQueuedBytes / pieceBytes, closedAfterDrain: false },
      };
    },
  },
  webPageCase("/settings", "the web server streams the French settings page exactly as its route renders it"),
  webPageCase("/", "the web server streams the French status page exactly as its route renders it"),
]);
