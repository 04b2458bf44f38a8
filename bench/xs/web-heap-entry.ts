// XS script for bench/web-heap.ts, run by the xsnap-heap runner: the peak heap each page and API response adds while
// it is produced and written, by the old whole-body path and by the piecewise writer. Never asserts; prints one JSON line.
import type { TcpSocket } from "../../hal/types";
import { concatBytes } from "../../lib/bytes";
import type { HttpRequest } from "../../lib/http";
import { validateSetupCode } from "../../homekit/setup-code";
import { routePortalRequest } from "../../src/portal/routes";
import { qrSvgOfText } from "../../src/portal/qr-text";
import { bodyText, REASONS, writeTextResponse, type TextResponse } from "../../src/net/text-response";
import { routeWebRequest } from "../../src/web/routes";
import { HOST, ownerFixture } from "../../test/web/web-fixture";
import { peakAdded } from "./heap-probe";

declare const print: (text: string) => void;
/** Globals of the xsnap-heap runner (bench/xs/xsnap-heap.mjs). */

/** The UTF-8 encoder and response encoder before the fix, kept here only to measure them. */
function oldUtf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(out);
}

function oldEncodeTextResponse(response: TextResponse): Uint8Array {
  const body = oldUtf8Encode(bodyText(response.body));
  let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? "Status"}\r\n`;
  for (const name of Object.keys(response.headers)) head += `${name}: ${response.headers[name]}\r\n`;
  head += `Content-Length: ${body.length}\r\n\r\n`;
  return concatBytes(oldUtf8Encode(head), body);
}

/** A socket whose network takes each write at once: what is measured is the server's side only. */
let written = 0;
const sink: TcpSocket = {
  remoteAddress: "192.168.1.50",
  remotePort: 50000,
  write: (bytes) => void (written += bytes.length),
  close: () => undefined,
  onData: () => undefined,
  onClose: () => undefined,
};

// Logged in as the owner: the settings page and /api/settings need it, and the status page then carries its forms.
const web = await ownerFixture();
function webGet(path: string): () => TextResponse {
  const request: HttpRequest = { method: "GET", path, query: {}, headers: { host: HOST, "accept-language": "fr-FR", cookie: web.session?.cookie ?? "" }, body: new Uint8Array(0) };
  return () => {
    const answer = routeWebRequest(request, web.context);
    if (answer instanceof Promise) throw new Error(`${path} answers later`);
    return answer;
  };
}

const PROPOSED_CODE = "518-20-731";
// The portal server makes a QR once per code and keeps it (src/portal/server.ts): it is not part of a page view.
const qrSvg = qrSvgOfText(`X-HM://0023ISYWY${PROPOSED_CODE}`);
function portalGet(): () => TextResponse {
  const request: HttpRequest = { method: "GET", path: "/", query: {}, headers: { host: "192.168.4.1", "accept-language": "fr-FR" }, body: new Uint8Array(0) };
  const networks = [
    { ssid: "Maison", rssiDbm: -48, secure: true },
    { ssid: "Livebox-Étage", rssiDbm: -67, secure: true },
    { ssid: "Voisin", rssiDbm: -80, secure: false },
  ];
  const view = { ticMode: "auto" as const, apSsid: "Délesteur-1A2B", apPasswordIsDefault: true, ownerPasswordSet: false };
  return () =>
    routePortalRequest(request, { portalHost: "192.168.4.1", networks, view, proposedCode: PROPOSED_CODE, checkSetupCode: validateSetupCode, qrSvgFor: () => qrSvg })
      .response;
}

const RESPONSES: readonly { name: string; produce: () => TextResponse }[] = [
  { name: "GET / (status page)", produce: webGet("/") },
  { name: "GET /settings", produce: webGet("/settings") },
  { name: "GET /api/status", produce: webGet("/api/status") },
  { name: "GET /api/settings", produce: webGet("/api/settings") },
  { name: "portal GET /", produce: portalGet() },
];


const rows = RESPONSES.map(({ name, produce }) => {
  const sample = produce();
  written = 0;
  writeTextResponse(sink, sample);
  return {
    name,
    status: sample.status,
    bytes: written,
    render: peakAdded(() => void produce()),
    before: peakAdded(() => sink.write(oldEncodeTextResponse(produce()))),
    after: peakAdded(() => writeTextResponse(sink, produce())),
  };
});
print(JSON.stringify(rows));
