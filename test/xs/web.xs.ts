// XS lane: the box's web page (routes, rendering, escaping, API validation, CSRF) on the real XS engine,
// driving a real Device and Controller through the same cases jest runs.
import { escapeHtml } from "../../src/portal/page";
import { newCsrfToken } from "../../src/web/guard";
import { WEB_CASES } from "../web/web-cases";
import { webFixture } from "../web/web-fixture";
import { assert, assertEqual, run, test } from "./harness";

for (const c of WEB_CASES) {
  test(c.name, () => {
    const { actual, expected } = c.run();
    assertEqual(actual, expected, c.name);
  });
}

test("a CSRF token is 32 hex digits from the Random it is given", () => {
  let n = 0;
  const token = newCsrfToken({ fill: (b) => b.map(() => n++) });
  assertEqual(token, "000102030405060708090a0b0c0d0e0f");
});

test("the status page of a red peak renders within the XS heap and stays escaped", () => {
  const f = webFixture("2026-01-14T09:00:00+01:00", { colour: "red", period: "hp", powerVA: 1500 });
  const page = f.request("GET", "/").body;
  assert(page.length > 2000 && page.length < 20000, `page is ${page.length} characters`);
  assert(page.indexOf(escapeHtml("jour rouge, heures pleines")) >= 0, "reason in French");
});

await run("web");
