// Starts the box's web page beside HomeKit when the station link first comes up: the firmware's one-line hook.
// Never starts it on the set-up access point (the portal owns port 80 there) and never lets it stop HomeKit.

import { startWebPage, type WebServer, type WebServerDeps, type WebServerOptions } from "./server";

export interface StationWebPage<T> {
  /** Pass this where the shell passed its startHap (NetworkSupervisor calls it once Wi-Fi is up). */
  startHap(): Promise<T>;
  server(): WebServer | undefined;
}

/**
 * main.ts: `startHap: withWebPage(services.startHap, { tcp, timers, random, logger, store, clock, box:
 * deviceWebBox(device, clock, core.settings) }, { port: 80, maxConnections: 3, mdnsName: "delesteur.local" }).startHap`
 * — the page opens once, after HomeKit.
 */
export function withWebPage<T>(startHap: () => Promise<T>, deps: WebServerDeps, options: WebServerOptions): StationWebPage<T> {
  let server: WebServer | undefined;
  let starting = false;
  return {
    async startHap() {
      const hap = await startHap();
      if (!starting) {
        starting = true;
        server = await startWebPage(deps, options).catch((error: unknown) => {
          deps.logger.log("error", "web page failed to start", { error: String(error) });
          starting = false; // the next link-up tries again
          return undefined;
        });
      }
      return hap;
    },
    server: () => server,
  };
}
