// XS script for bench/loads-heap.ts, run by the xsnap-heap runner: what the box holds at rest, and the peak each
// step adds (a meter frame's dispatch, the settings page, the API, a settings save), for a growing number of loads.
// Never asserts; prints one JSON line.
import type { TcpSocket } from "../../hal/types";
import { writeJson } from "../../src/device/json-store";
import { writeTextResponse } from "../../src/net/text-response";
import { MemoryStore } from "../../src/device/memory-store";
import { reading } from "../../test/app/readings";
import { HOST, ownerFixture } from "../../test/web/web-fixture";
import { routeWebRequest } from "../../src/web/routes";
import type { HttpRequest } from "../../lib/http";
import { utf8Encode } from "../../lib/bytes";
import { live, peakAdded } from "./heap-probe";

declare const print: (text: string) => void;

const sink: TcpSocket = {
  remoteAddress: "192.168.1.50",
  remotePort: 50000,
  write: () => undefined,
  close: () => undefined,
  onData: () => undefined,
  onClose: () => undefined,
};

/** A house's loads as an owner names them: French names, pilot wires and relays, every field at its default. */
function loadsOf(count: number): unknown[] {
  const loads: unknown[] = [];
  for (let i = 0; i < count; i++) {
    loads.push(
      i % 3 === 2
        ? { id: `relais-${i}`, name: `Prise pilotée ${i}`, kind: "relay", priority: 4, nominalPowerW: 1500 }
        : { id: `radiateur-${i}`, name: `Radiateur chambre ${i}`, kind: "fil-pilote-2", priority: 1 + (i % 3), nominalPowerW: 1000 },
    );
  }
  return loads;
}




const rows: unknown[] = [];
const baseline = live();
for (const count of [0, 4, 8]) {
  const before = live();
  // Logged in as the owner: the settings page and the API's settings need it.
  const web = await ownerFixture("2026-01-14T09:00:00+01:00", { colour: "blue", period: "hp", powerVA: 1500 }, new MemoryStore());
  const cookie = web.session?.cookie ?? "";
  const loads = loadsOf(count);
  const put: HttpRequest = {
    method: "PUT",
    path: "/api/settings",
    query: {},
    headers: { host: HOST, "content-type": "application/json", cookie, "x-csrf-token": web.session?.csrfToken ?? "" },
    body: utf8Encode(JSON.stringify({ loads })),
  };
  const saved = routeWebRequest(put, web.context);
  if (saved instanceof Promise) throw new Error("PUT /api/settings answers later");
  const settings = web.box.settings();
  const atRest = live();
  const get = (path: string) => () => {
    const request: HttpRequest = { method: "GET", path, query: {}, headers: { host: HOST, "accept-language": "fr-FR", cookie }, body: new Uint8Array(0) };
    const answer = routeWebRequest(request, web.context);
    if (answer instanceof Promise) throw new Error(`${path} answers later`);
    writeTextResponse(sink, answer);
  };
  let powerVA = 1500;
  rows.push({
    loads: count,
    putStatus: saved.status,
    putBytes: put.body.length,
    recordBytes: utf8Encode(JSON.stringify(settings)).length,
    atRest: { chunks: atRest.chunks - before.chunks, slots: atRest.slots - before.slots },
    dispatch: peakAdded(() => web.device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: (powerVA += 10) }) })),
    settingsPage: peakAdded(get("/settings")),
    apiSettings: peakAdded(get("/api/settings")),
    apiStatus: peakAdded(get("/api/status")),
    statusPage: peakAdded(get("/")),
    save: peakAdded(() => writeJson(web.store, "app.settings", settings)),
    put: peakAdded(() => void routeWebRequest(put, web.context)),
  });
}
print(JSON.stringify({ baseline, rows }));
