// Test helpers for the web page end to end: a free loopback port and headless Chromium as a phone.
import { createServer } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";

/** A port free right now on loopback (host-sim then binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Debian's Chromium, headless, with a phone-sized French page; dialogs (alert) are recorded and dismissed. */
export async function phoneBrowser(): Promise<{ browser: Browser; page: Page; dialogs: string[] }> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "fr-FR" });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { browser, page, dialogs };
}

/** The owner's password in the browser tests. */
export const E2E_OWNER_PASSWORD = "une phrase de passe du propriétaire";

/**
 * Log the browser in as the owner through the box's own pages: the first visit of the settings page chooses the
 * password (trust on first use) when none exists, later visits log in with it. Ends on the settings page.
 */
export async function ownerLogin(page: Page, base: string, password = E2E_OWNER_PASSWORD): Promise<void> {
  await page.goto(`${base}/settings?lang=en`);
  if ((await page.locator("#choose").count()) > 0) {
    await page.locator("#password").fill(password);
    await page.locator("#password2").fill(password);
    await Promise.all([page.waitForURL(/\/settings\?lang=en$/), page.click("#choose")]);
  } else if ((await page.locator("#login").count()) > 0) {
    await page.locator("#password").fill(password);
    await Promise.all([page.waitForURL(/\/settings\?lang=en$/), page.click("#login")]);
  }
  if ((await page.locator("#logout").count()) === 0) throw new Error(`not logged in on ${page.url()}`);
}

/** The logged-in page's CSRF token (a hidden field of its forms), for API calls from the page's own context. */
export async function pageCsrfToken(page: Page): Promise<string> {
  return page.locator('input[name="csrf"]').first().inputValue();
}
