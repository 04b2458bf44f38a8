// XS lane: the captive DNS codec, the set-up form validation, page rendering and the QR encoder on the real XS engine.
import { utf8Encode } from "../../lib/bytes";
import { encodeQr } from "../../src/portal/qr";
import { DNS_CASES } from "../portal/dns-cases";
import { FORM_CASES, PAGE_CASES } from "../portal/portal-cases";
import { QR_GOLDEN, rowsOf } from "../portal/qr-golden";
import { assert, assertEqual, run, test } from "./harness";

for (const c of [...DNS_CASES, ...FORM_CASES, ...PAGE_CASES]) {
  test(c.name, () => {
    const { actual, expected } = c.run();
    assertEqual(actual, expected, c.name);
  });
}

test("QR matrix on XS is the golden one jsQR reads on Node", () => {
  const code = encodeQr(utf8Encode(QR_GOLDEN.text), QR_GOLDEN.ecc);
  assert(code !== undefined, "encodes");
  assertEqual([code.mask, rowsOf(code.modules)], [QR_GOLDEN.mask, QR_GOLDEN.rows]);
});

await run("portal");
