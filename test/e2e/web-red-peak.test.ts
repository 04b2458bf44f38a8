// The web page on a red peak, end to end: host-sim replays red-HP frames through the real decoder; in headless
// Chromium the page shows the heaters shed with the reason and what was compared, and refuses HEAT saying why.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { HostSim } from "./host-sim-process";
import { writeRedPeakCapture } from "./red-peak-capture";
import { freePort, ownerLogin, phoneBrowser } from "./web-support";

let dir = "";
let sim: HostSim | undefined;
let browser: Browser | undefined;
let page: Page;
let base = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "web-red-"));
  const capture = writeRedPeakCapture(dir);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  sim = new HostSim([
    "--meter", `file:${capture}`, "--tic-mode", "historic", "--hap-port", "0", "--bind", "127.0.0.1",
    "--no-mdns", "--http-port", String(port), "--state-dir", join(dir, "state"),
  ]);
  await sim.waitFor((l) => l.type === "web");
  await sim.waitFor((l) => l.type === "load" && l.on === false && l.reason === "red_peak");
  ({ browser, page } = await phoneBrowser());
  await ownerLogin(page, base);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test("heaters shed on the red peak show the reason in words and the numbers compared", async () => {
  await page.goto(`${base}/`);
  expect(await page.locator("#today").textContent()).toBe("rouge");
  expect(await page.locator("#tomorrow").textContent()).toBe("blanc");
  const salon = page.locator('section[data-load="salon"]');
  expect(await salon.getAttribute("data-on")).toBe("false");
  // The capture plays on the wall clock: past 22:00 in France the peak's end is not ours to guess, so it may be absent.
  expect(await salon.locator(".reason").textContent()).toMatch(/^coupé( jusqu’à 22 h)? : jour rouge, heures pleines$/);
  expect(await salon.locator(".because").textContent()).toBe("Couleur et heures données par le compteur.");
});

test("HEAT is refused on a red peak and the page says why", async () => {
  await page.goto(`${base}/`);
  await page.click("#mode-switch");
  await page.waitForURL(/notice=refused-red/);
  expect(await page.locator("#notice").textContent()).toContain("CHAUFFE refusé : c’est un jour rouge en heures pleines");
  expect(await page.locator("#mode").getAttribute("data-mode")).toBe("AUTO");
  await page.screenshot({ path: join(tmpdir(), "web-red-phone.png"), fullPage: true });
});
