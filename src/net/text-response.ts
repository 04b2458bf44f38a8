// A text response (status, headers, body string) written to a hal TcpSocket in bounded UTF-8 pieces as it drains.
// Never builds the whole response in bytes and never queues more than the server's outputPauseBytes per connection.

import type { TcpSocket } from "../../hal/types";
import { SOCKET_LIMITS, type SocketLimits } from "../../lib/socket-policy";
import { utf8ByteLength, Utf8Pieces } from "./utf8-pieces";

/** A text response; Content-Length is added when it is written. */
export interface TextResponse {
  status: number;
  headers: Record<string, string>;
  /** The text, or its pieces in order: a big page given in pieces never exists whole on the heap. */
  body: string | readonly string[];
}

/** The body as one string (tests and tools; the writer never joins it). */
export function bodyText(body: TextResponse["body"]): string {
  return typeof body === "string" ? body : body.join("");
}

function bodyParts(body: TextResponse["body"]): readonly string[] {
  return typeof body === "string" ? [body] : body;
}

/** The statuses the portal and the web page send (one line per status). */
export const REASONS: Readonly<Record<number, string>> = Object.freeze({
  200: "OK",
  302: "Found",
  303: "See Other",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
});

export const RESPONSE_WRITE = Object.freeze({
  /** One piece fits one TCP segment of lwIP's default 1436-byte MSS, and is a small chunk on the XS heap. */
  pieceBytes: 1024,
  /** A socket that says how much it holds gets no more piece once this much waits in it (the web page's pause mark). */
  maxQueuedBytes: SOCKET_LIMITS.web.outputPauseBytes,
});

/**
 * The head with an exact Content-Length, counted from the body without encoding it. Content-Length rather than
 * chunked: every client (captive-portal probes, old HTTP/1.0 tools) reads it, and a phone shows progress.
 */
export function responseHead(response: TextResponse): string {
  let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? "Status"}\r\n`;
  for (const name of Object.keys(response.headers)) head += `${name}: ${response.headers[name]}\r\n`;
  let bytes = 0;
  for (const part of bodyParts(response.body)) bytes += utf8ByteLength(part);
  return `${head}Content-Length: ${bytes}\r\n\r\n`;
}

/** The output bounds the writer keeps (a server passes its SocketLimits). */
export type OutputLimits = Pick<SocketLimits, "outputPauseBytes" | "outputCloseBytes">;


/**
 * Write the response and then close the socket. A socket with back-pressure (`onDrain`) gets a piece while it holds
 * less than outputPauseBytes and is closed only once empty (a device socket drops what it still holds on close); a
 * socket without takes every piece at once, and is closed if it then holds outputCloseBytes or more.
 */
export function writeTextResponse(socket: TcpSocket, response: TextResponse, limits: OutputLimits = SOCKET_LIMITS.web): void {
  const pieces = new Utf8Pieces([responseHead(response), ...bodyParts(response.body)], RESPONSE_WRITE.pieceBytes);
  const paced = socket.onDrain !== undefined;
  const queued = (): number => (paced ? (socket.queuedBytes ?? 0) : 0);
  let closed = false;
  let pumping = false;
  let finished = false;
  const pump = (): void => {
    if (closed || pumping) return; // a drain told from inside write() is picked up by the loop below
    pumping = true;
    while (!closed && queued() < limits.outputPauseBytes) {
      const piece = finished ? undefined : pieces.next();
      if (piece === undefined) {
        finished = true;
        if (queued() === 0) {
          closed = true;
          socket.close();
        }
        break;
      }
      socket.write(piece);
      if ((socket.queuedBytes ?? 0) >= limits.outputCloseBytes) {
        closed = true; // a socket that queues without telling us when it drains, past the hard limit
        socket.close();
      }
    }
    pumping = false;
  };
  socket.onClose(() => (closed = true));
  socket.onDrain?.(pump);
  pump();
}
