// The web page's response shape and its HTML headers, shared by the page routes, the login routes and the API.
// Never holds a route: building blocks only.

export interface WebResponse {
  status: 200 | 303 | 400 | 401 | 403 | 404 | 405 | 409 | 429;
  headers: Record<string, string>;
  /** A page, or its pieces (the settings page: it is never joined on the device). */
  body: string | readonly string[];
}

/** A password check takes up to a second of the chip's time, in slices: those routes answer later. */
export type WebAnswer = WebResponse | Promise<WebResponse>;

/** Every page forbids scripts, frames and outside loads: if escaping ever failed, nothing could still run. */
const HTML_HEADERS = Object.freeze({
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  Connection: "close",
});

export function html(status: WebResponse["status"], body: WebResponse["body"], extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { ...HTML_HEADERS, ...extra }, body };
}
