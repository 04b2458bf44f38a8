// A logged-in owner's browser visits a page on another origin (a second loopback server) that tries to change the
// box with a cross-site form and fetch: Chromium sends what it sends, the box refuses it, and nothing changes.
import { createServer, type Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { nodeClock, nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { WebServer } from "../../src/web/server";
import { webFixture, type WebFixture } from "../web/web-fixture";
import { ownerLogin, phoneBrowser } from "./web-support";

let f: WebFixture;
let box: WebServer;
let attacker: Server;
let browser: Browser;
let page: Page;
let boxBase = "";
let attackerPort = 0;
/** Requests the box received, by path: proves each attack reached it (and was refused there), not only the browser. */
const received: string[] = [];

/**
 * The attacker's page (scripts allowed: its own origin). Its server is a LAN device: it reads whatever token the box's
 * open status hands out (before the fix, the CSRF token) and puts it in the forged requests.
 */
async function attackPage(kind: string): Promise<string> {
  const target = `${boxBase}`;
  const status = (await (await fetch(`${boxBase}/api/status`)).json()) as { csrfToken?: string };
  const token = status.csrfToken ?? "0".repeat(32);
  const scripts: Record<string, string> = {
    form: `<form id="f" method="post" action="${target}/mode"><input name="mode" value="HEAT"><input name="lang" value="en"><input name="csrf" value="${token}"></form><script>document.getElementById("f").submit()</script>`,
    "override-form": `<form id="f" method="post" action="${target}/loads/salon/override"><input name="override" value="on"><input name="hours" value="168"><input name="csrf" value="${token}"></form><script>document.getElementById("f").submit()</script>`,
    fetch: `<script>
      const done = (what) => { document.title = what; };
      Promise.all([
        fetch("${target}/api/mode", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: '{"mode":"HEAT","csrf":"${token}"}' }),
        fetch("${target}/api/loads/salon/override", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: '{"override":"on","durationMs":604800000}' }),
        fetch("${target}/api/settings", { method: "PUT", credentials: "include", headers: { "x-csrf-token": "guess" }, body: '{"loads":[]}' }).catch(() => null),
      ]).then(() => done("sent"), () => done("failed"));
    </script>`,
    // A CORS read of the box fails (no Access-Control-Allow-Origin): either way, the page then shows what cookies it sees.
    cookie: `<script>const show = () => { document.title = "cookie:" + document.cookie; }; fetch("${target}/", { credentials: "include" }).then(show, show)</script>`,
  };
  return `<!doctype html><html><head><title>attack</title></head><body>${scripts[kind]}</body></html>`;
}

beforeAll(async () => {
  f = webFixture();
  box = new WebServer({ tcp: new NodeTcpNetwork(), timers: nodeTimers, random: nodeRandom, logger: { log: () => undefined }, box: f.box, store: f.store, clock: nodeClock }, { port: 0, bind: "127.0.0.1" });
  await box.start();
  boxBase = `http://127.0.0.1:${box.port}`;
  attacker = createServer((req, res) => {
    const kind = new URL(req.url ?? "/", "http://x").searchParams.get("kind") ?? "form";
    void attackPage(kind).then((html) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
    });
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", () => resolve()));
  attackerPort = (attacker.address() as { port: number }).port;
  ({ browser, page } = await phoneBrowser());
  await ownerLogin(page, boxBase);
  page.on("request", (request) => {
    if (request.url().startsWith(boxBase)) received.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  box?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
});

const state = () => [f.box.snapshot()?.mode, f.box.snapshot()?.loads.map((l) => l.override), JSON.stringify(f.box.settings())];

/** Both attacker origins: same site as the box (another port of 127.0.0.1, so the cookie goes along) and cross-site (localhost). */
const ORIGINS = [
  ["same-site, other port", () => `http://127.0.0.1:${attackerPort}`],
  ["cross-site", () => `http://localhost:${attackerPort}`],
] as const;

for (const [label, origin] of ORIGINS) {
  test(`${label}: a cross-origin form post to the box is refused and changes nothing`, async () => {
    const before = state();
    const requestsBefore = box.stats.requests;
    for (const kind of ["form", "override-form"]) {
      const answer = page.waitForResponse((r) => r.url().startsWith(boxBase) && r.request().method() === "POST");
      await page.goto(`${origin()}/?kind=${kind}`);
      const response = await answer;
      // 403: the cookie came (same site) but without the page's token or from a foreign Origin; 401: no cookie at all.
      expect([401, 403]).toContain(response.status());
      if (label === "cross-site") expect(response.status()).toBe(401); // SameSite=Strict kept the cookie home
    }
    expect(box.stats.requests - requestsBefore).toBeGreaterThanOrEqual(2);
    expect(state()).toEqual(before);
  });

  test(`${label}: cross-origin fetches to the API reach the box and are refused; nothing changes`, async () => {
    const before = state();
    const requestsBefore = box.stats.requests;
    await page.goto(`${origin()}/?kind=fetch`);
    await page.waitForFunction('document.title === "sent" || document.title === "failed"'); // runs in the page (no DOM types here)
    // The two simple POSTs reach the box; the PUT with a custom header needs a preflight the box never grants.
    expect(box.stats.requests - requestsBefore).toBeGreaterThanOrEqual(2);
    expect(state()).toEqual(before);
  });
}

test("the session cookie is HttpOnly: neither the box's own page nor another origin can read it", async () => {
  await page.goto(`${boxBase}/?lang=en`);
  expect(await page.evaluate("document.cookie")).toBe("");
  await page.goto(`http://127.0.0.1:${attackerPort}/?kind=cookie`);
  await page.waitForFunction('document.title.startsWith("cookie:")');
  expect(await page.title()).toBe("cookie:");
  // The owner is still logged in on the box itself, and the box's own forms still work.
  await page.goto(`${boxBase}/?lang=en`);
  await page.click("#mode-switch");
  await page.waitForURL(/notice=heat/);
  expect(f.box.snapshot()?.mode).toBe("HEAT");
  expect(received.some((r) => r === "POST /mode")).toBe(true);
});
