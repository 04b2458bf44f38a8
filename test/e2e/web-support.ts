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
