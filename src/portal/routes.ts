// Portal request routing: OS captive-probe redirects, the form, the save. Pure: request in, response out.
// Never does IO (storing and restarting are the server's job, told through `saved`) and never throws.

import type { WifiNetwork } from "../../hal/types";
import type { HttpRequest } from "../../lib/http";
import { decodeForm } from "../net/form";
import { pickLang } from "../text/i18n";
import { hostRepeated, parseHost } from "../web/guard";
import { FORM_LIMITS, validatePortalForm, type SetupCodeCheck } from "./form";
import { renderFormPage, renderNotFoundPage, renderSavedPage } from "./page";
import type { PortalSettings, StoredPortalView } from "./settings";

/**
 * Paths the phone and PC operating systems fetch to test for Internet access. Answering anything but the
 * expected content (here a redirect to the portal) is what makes them pop the set-up page up by themselves.
 */
export const CAPTIVE_PROBE_PATHS: readonly string[] = Object.freeze([
  "/hotspot-detect.html", // Apple iOS / macOS (captive.apple.com)
  "/library/test/success.html", // older Apple
  "/generate_204", // Android, Chrome (connectivitycheck.gstatic.com)
  "/gen_204", // Android variants
  "/connecttest.txt", // Windows 10/11 (www.msftconnecttest.com)
  "/ncsi.txt", // Windows 7/8 (www.msftncsi.com)
  "/redirect", // Windows, after a failed connecttest
  "/success.txt", // Firefox (detectportal.firefox.com)
  "/canonical.html", // Firefox
]);

export interface PortalResponse {
  status: 200 | 302 | 400 | 404 | 405;
  headers: Record<string, string>;
  /** A page, or its pieces (the form page: it is never joined on the device). */
  body: string | readonly string[];
}

export interface PortalContext {
  /** Host (and port when not 80) the portal is reached at, e.g. "192.168.4.1". */
  portalHost: string;
  networks: readonly WifiNetwork[];
  view: StoredPortalView;
  /** Fresh valid code proposed for this portal session. */
  proposedCode: string;
  checkSetupCode: SetupCodeCheck;
  /** SVG of the QR code for a setup code's X-HM:// URI. */
  qrSvgFor(setupCode: string): string;
}

export interface PortalOutcome {
  response: PortalResponse;
  /** Set when a valid form was submitted: the server stores these, then restarts into station mode. */
  saved?: PortalSettings;
}

/** Every page forbids scripts, frames and outside loads: if escaping ever failed, nothing could still run. */
const BASE_HEADERS = Object.freeze({
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  Connection: "close",
});

function page(status: PortalResponse["status"], body: PortalResponse["body"], extra: Record<string, string> = {}): PortalResponse {
  return { status, headers: { ...BASE_HEADERS, ...extra }, body };
}

function redirectToPortal(context: PortalContext): PortalResponse {
  return page(302, "", { Location: `http://${context.portalHost}/` });
}

/**
 * In order: a request for any other host — or a Host that is not a plain name[:port], or two of them — is a probe
 * or a page the phone wanted from the Internet → portal; a known probe path → portal; then our own pages.
 */
export function routePortalRequest(request: HttpRequest, context: PortalContext): PortalOutcome {
  const host = request.headers["host"];
  const ours = parseHost(context.portalHost)?.name;
  if (host !== undefined && (hostRepeated(request) || parseHost(host)?.name !== ours)) return { response: redirectToPortal(context) };
  if (CAPTIVE_PROBE_PATHS.indexOf(request.path) >= 0) return { response: redirectToPortal(context) };

  if (request.path === "/" || request.path === "/index.html") {
    if (request.method !== "GET") return { response: page(405, "", { Allow: "GET" }) };
    const lang = pickLang(request.query["lang"], request.headers["accept-language"]);
    const body = renderFormPage({
      lang,
      networks: context.networks,
      setupCode: context.proposedCode,
      qrSvg: context.qrSvgFor(context.proposedCode),
      view: context.view,
    });
    return { response: page(200, body) };
  }

  if (request.path === "/save") {
    if (request.method !== "POST") return { response: page(405, "", { Allow: "POST" }) };
    const fields = decodeForm(request.body, FORM_LIMITS.MAX_FIELDS);
    const lang = pickLang(fields["lang"], request.headers["accept-language"]);
    const secureSsids = context.networks.filter((n) => n.secure).map((n) => n.ssid);
    const result = validatePortalForm(fields, { checkSetupCode: context.checkSetupCode, secureSsids, ownerPasswordSet: context.view.ownerPasswordSet });
    if (!result.ok) {
      const code = result.echo.setupCode ?? context.proposedCode;
      const body = renderFormPage({
        lang,
        networks: context.networks,
        setupCode: code,
        qrSvg: context.qrSvgFor(context.proposedCode),
        view: context.view,
        errors: result.errors,
        echo: result.echo,
      });
      return { response: page(400, body) };
    }
    const { settings } = result;
    const body = renderSavedPage({ lang, ssid: settings.wifiSsid, setupCode: settings.setupCode, qrSvg: context.qrSvgFor(settings.setupCode) });
    return { response: page(200, body), saved: settings };
  }

  const lang = pickLang(request.query["lang"], request.headers["accept-language"]);
  return { response: page(404, renderNotFoundPage(lang)) };
}
