// A plug's password is a secret like the MQTT one: GET /api/settings and the settings page never send it back, a PUT
// of what GET gave keeps it, and posting the settings form (which does not show outputs) keeps the outputs whole.
import { utf8Encode } from "../../lib/bytes";
import { bodyText } from "../../src/net/text-response";
import { handleApi } from "../../src/web/api";
import { renderSettingsPage } from "../../src/web/settings-page";
import { localMessage, settingsFromForm } from "../../src/web/settings-form";
import { validateSettings } from "../../src/settings/validate";
import type { Settings } from "../../src/app/types";

const PASSWORD = "Plug-pa55!";
const checked = validateSettings({
  loads: [{ id: "salon", name: "Salon", kind: "relay", nominalPowerW: 1500, outputs: [{ type: "tasmota", host: "192.168.1.60", relay: 1, user: "admin", password: PASSWORD }] }],
});
if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
const saved: Settings = checked.settings;

function apiBox() {
  let settings = saved;
  const box = {
    nowMs: () => 0,
    snapshot: () => undefined,
    settings: () => settings,
    command: (c: { type: string; patch?: Settings }) => {
      if (c.type === "settings" && c.patch) settings = c.patch;
      return { effects: [] };
    },
  };
  return box;
}
const access = { kind: "token", token: { id: "0123abcd", name: "ha", createdMs: 0 } } as Parameters<typeof handleApi>[2];
const call = async (box: ReturnType<typeof apiBox>, method: "GET" | "PUT", body = "") =>
  handleApi({ method, path: "/api/settings", query: {}, headers: { host: "box.local" }, body: utf8Encode(body) }, { box: box as never, auth: {} as never }, access);

test("GET /api/settings shows the plug without its password; a PUT of that answer keeps it", async () => {
  const box = apiBox();
  const got = bodyText((await call(box, "GET")).body);
  expect(got).toContain("192.168.1.60");
  expect(got).not.toContain(PASSWORD);
  const put = await call(box, "PUT", JSON.stringify({ loads: JSON.parse(got).loads }));
  expect(put.status).toBe(200);
  expect(bodyText(put.body)).not.toContain(PASSWORD);
  expect((box.settings().loads[0].outputs?.[0] as { password?: string }).password).toBe(PASSWORD);
});

test("a PUT naming a field wrong is refused with the field and why, and nothing changes", async () => {
  const box = apiBox();
  const put = await call(box, "PUT", JSON.stringify({ loads: [{ id: "salon", nominalPowerW: 1500, kind: "relay", outputs: [{ type: "tasmota", host: "http://192.168.1.60" }] }] }));
  expect(put.status).toBe(400);
  expect(JSON.parse(bodyText(put.body)).errors).toEqual([{ field: "loads[0].outputs[0].host", message: expect.stringContaining("no http://") }]);
  expect(box.settings()).toBe(saved);
});

test("the settings page never shows the password, and its form post keeps the outputs", () => {
  const html = renderSettingsPage({ lang: "fr", settings: saved, csrfToken: "t" } as Parameters<typeof renderSettingsPage>[0]).join("");
  expect(html).not.toContain(PASSWORD);
  expect(html).toContain("Sorties : Tasmota 192.168.1.60 (relais 1, la charge y est branchée) — se changent par l&#39;API");
  const en = renderSettingsPage({ lang: "en", settings: saved, csrfToken: "t" } as Parameters<typeof renderSettingsPage>[0]).join("");
  expect(en).toContain("Outputs: Tasmota 192.168.1.60 (relay 1, the load is plugged into it) — changed through the API");
  const posted = settingsFromForm({ "loads[0].id": "salon", "loads[0].name": "Salon 2", "loads[0].kind": "relay", "loads[0].nominalPowerW": "1500" }, saved);
  expect(posted.ok && posted.settings.loads[0]).toMatchObject({ name: "Salon 2", outputs: saved.loads[0].outputs });
});

test("changing a plug-fed load's kind on the page to one with two contacts is refused, named, in French too", () => {
  const posted = settingsFromForm({ "loads[0].id": "salon", "loads[0].name": "Salon", "loads[0].kind": "fil-pilote-2", "loads[0].nominalPowerW": "1500" }, saved);
  expect(posted.ok).toBe(false);
  const error = posted.ok ? undefined : posted.errors[0];
  expect(error).toEqual({ field: "loads[0].outputs", message: "a fil-pilote-2 load has 2 contacts: give 2 outputs, got 1" });
  expect(localMessage("fr", error?.message ?? "")).toBe("un appareil fil-pilote-2 a 2 contact(s) : il faut 2 sortie(s) (reçu 1), à changer par l’API");
});
