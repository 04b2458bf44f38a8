// GET /api/energy and GET /api/history: the energy figures and the history rings as JSON, open on the LAN like the
// status. Never changes anything and never renders text for people (codes and numbers; pages do the words).

import { energyView } from "../energy/view";
import { historyView } from "../history/view";
import type { WebBox } from "./box";
import type { WebResponse } from "./response";

export const ENERGY_API_PATHS: readonly string[] = Object.freeze(["/api/energy", "/api/history"]);

export function energyApi(path: string, box: WebBox, json: (status: WebResponse["status"], value: unknown) => WebResponse): WebResponse {
  const monitor = box.energy?.();
  // Booting, or a shell that runs no monitor: say so, as the status says "null" before the first snapshot.
  if (monitor === undefined) return json(200, { nowMs: box.nowMs(), energy: null });
  if (path === "/api/history") return json(200, { nowMs: box.nowMs(), history: historyView(monitor, box.nowMs()) });
  return json(200, { nowMs: box.nowMs(), energy: energyView(monitor) });
}
