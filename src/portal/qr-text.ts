// Text → QR code SVG for the portal pages (the X-HM:// setup URI), level M, falling back to L when longer.
// Never fails the page: a text no QR version 1–5 holds gives an empty string (the code is also shown in digits).

import { utf8Encode } from "../../lib/bytes";
import { encodeQr, qrSvg } from "./qr";

export function qrSvgOfText(text: string): string {
  const bytes = utf8Encode(text);
  const code = encodeQr(bytes, "M") ?? encodeQr(bytes, "L");
  return code === undefined ? "" : qrSvg(code, 6);
}
