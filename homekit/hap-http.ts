// HAP's dialect of HTTP responses: its content types, its 470 status, EVENT/1.0 framing and JSON bodies (lib/http frames them).
// Never parses requests or touches a socket: lib/http parses, server-connection reads and writes.
import { utf8Encode } from "../lib/bytes";
import { encodeResponse, HTTP_REASONS, type HttpResponse, type ResponseFraming } from "../lib/http";
import { jsonText } from "../lib/json";

/** Unsolicited characteristic events go out as EVENT/1.0 messages on the same connection (HAP §6.8). */
export type ResponseProtocol = "HTTP/1.1" | "EVENT/1.0";

export interface HapResponse extends HttpResponse {
  protocol?: ResponseProtocol;
}

export const HAP_REASONS: Readonly<Record<number, string>> = Object.freeze({
  ...HTTP_REASONS,
  470: "Connection Authorization Required",
});

const FRAMINGS: Readonly<Record<ResponseProtocol, ResponseFraming>> = Object.freeze({
  "HTTP/1.1": Object.freeze({ protocol: "HTTP/1.1", reasons: HAP_REASONS }),
  "EVENT/1.0": Object.freeze({ protocol: "EVENT/1.0", reasons: HAP_REASONS }),
});

export const CONTENT_TYPE = Object.freeze({
  json: "application/hap+json",
  tlv8: "application/pairing+tlv8",
});

export function encodeHapResponse(response: HapResponse): Uint8Array {
  return encodeResponse(response, FRAMINGS[response.protocol ?? "HTTP/1.1"]);
}

/** A JSON response with the HAP content type. */
export function jsonResponse(status: number, value: unknown, protocol?: ResponseProtocol): Uint8Array {
  return encodeHapResponse({ status, protocol, headers: { "Content-Type": CONTENT_TYPE.json }, body: utf8Encode(jsonText(value)) });
}
