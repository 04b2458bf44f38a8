// The MQTT password is a secret row: the settings page, the API and a refused form never send it back, and an empty
// password field keeps the saved one.
import { bodyText } from "../../src/net/text-response";
import { handleApi } from "../../src/web/api";
import { renderSettingsPage } from "../../src/web/settings-page";
import { echoOf, settingsFromForm } from "../../src/web/settings-form";
import { defaultSettings } from "../../src/settings/validate";
import type { Settings } from "../../src/app/types";

const PASSWORD = "s3cr3t-Pa55";
const saved: Settings = { ...defaultSettings(), mqttEnabled: true, mqttUrl: "mqtt://10.0.0.2:1883", mqttUser: "ha", mqttPassword: PASSWORD };

test("the settings page renders the password field empty", () => {
  const html = renderSettingsPage({ lang: "fr", settings: saved, csrfToken: "t" } as Parameters<typeof renderSettingsPage>[0]).join("");
  expect(html).toContain('name="mqttPassword" type="password"');
  expect(html).toContain("mqtt://10.0.0.2:1883");
  expect(html).not.toContain(PASSWORD);
});

test("an empty password field keeps the saved password; a typed one replaces it; a refused post does not echo it", () => {
  const kept = settingsFromForm({ mqttUrl: "mqtt://10.0.0.3:1883", mqttPassword: "" }, saved);
  expect(kept.ok && kept.settings.mqttPassword).toBe(PASSWORD);
  expect(kept.ok && kept.settings.mqttUrl).toBe("mqtt://10.0.0.3:1883");
  const changed = settingsFromForm({ mqttPassword: "new" }, saved);
  expect(changed.ok && changed.settings.mqttPassword).toBe("new");
  const refused = settingsFromForm({ mqttUrl: "http://nope", mqttPassword: "typed-now" }, saved);
  expect(refused.ok).toBe(false);
  expect(Object.values(echoOf({ mqttUrl: "http://nope", mqttPassword: "typed-now" }))).not.toContain("typed-now");
});

test("GET /api/settings leaves the password out", async () => {
  const box = { nowMs: () => 0, snapshot: () => undefined, settings: () => saved, command: () => ({}) };
  // A bearer-token reader (login and tokens are tested in test/web/auth*): what matters here is what the answer holds.
  const access = { kind: "token", token: { id: "0123abcd", name: "ha", createdMs: 0 } } as Parameters<typeof handleApi>[2];
  const response = await handleApi({ method: "GET", path: "/api/settings", query: {}, headers: {}, body: new Uint8Array(0) }, { box, auth: {} as never }, access);
  const text = bodyText(response.body);
  expect(text).toContain("mqtt://10.0.0.2:1883");
  expect(text).not.toContain(PASSWORD);
  expect(JSON.parse(text)).not.toHaveProperty("mqttPassword");
});
