// A real Device (real Controller, memory store, virtual time) behind the web page's routes, for jest and the XS lane.
// Node-free: no node:* import, so test/xs/web.xs.ts runs the same fixture on XS.
import type { HttpRequest } from "../../lib/http";
import { utf8Encode } from "../../lib/bytes";
import type { Device } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { bodyText } from "../../src/net/text-response";
import { deviceWebBox, type WebBox } from "../../src/web/box";
import { routeWebRequest, type WebResponse } from "../../src/web/routes";
import { reading, type ReadingSpec } from "../app/readings";
import type { VirtualTime } from "../../host-sim/virtual-time";
import { virtualBox } from "../device/virtual-box";

/** A response with its body as one string, whether the route gave it whole or in pieces. */
export type PageResponse = Omit<WebResponse, "body"> & { body: string };

export const TOKEN = "0123456789abcdef0123456789abcdef";
export const HOST = "192.168.1.20:8080";
export const HOSTILE_NAME = `<script>alert("x")</script>&'`;

export const WEB_LOADS = Object.freeze([
  Object.freeze({ id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 }),
  Object.freeze({ id: "chauffe-eau", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 }),
]);

export interface WebFixture {
  box: WebBox;
  device: Device;
  time: VirtualTime;
  store: MemoryStore;
  frame(spec: ReadingSpec): void;
  request(method: string, path: string, options?: { body?: string; headers?: Record<string, string>; query?: Record<string, string> }): PageResponse;
  /** A form POST carrying the token, as the page's own forms send it. */
  post(path: string, fields: Record<string, string>): PageResponse;
}

export function formBody(fields: Record<string, string>): string {
  return Object.keys(fields)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(fields[k])}`)
    .join("&");
}

/** A box at `atIso` (French time) with two loads, read one meter frame of `spec`. */
export function webFixture(atIso = "2026-01-14T09:00:00+01:00", spec: ReadingSpec = { colour: "blue", period: "hp", powerVA: 1500 }, store = new MemoryStore()): WebFixture {
  const { device, time, core } = virtualBox({ atIso, defaultLoads: WEB_LOADS, store });
  device.start();
  const box = deviceWebBox(device, time, core.settings);
  const fixture: WebFixture = {
    box,
    device,
    time,
    store,
    frame: (s) => device.dispatch({ type: "tic-frame", reading: reading(s) }),
    request(method, path, options = {}) {
      const request: HttpRequest = {
        method,
        path,
        query: options.query ?? {},
        headers: { host: HOST, ...(options.headers ?? {}) },
        body: utf8Encode(options.body ?? ""),
      };
      const response = routeWebRequest(request, { box, csrfToken: TOKEN });
      return { ...response, body: bodyText(response.body) };
    },
    post(path, fields) {
      return fixture.request("POST", path, { body: formBody({ csrf: TOKEN, lang: "en", ...fields }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    },
  };
  fixture.frame(spec);
  return fixture;
}
