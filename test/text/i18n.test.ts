import { pickLang } from "../../src/text/i18n";

test("language: ?lang wins, then Accept-Language, then French", () => {
  expect(pickLang("en", "fr-FR")).toBe("en");
  expect(pickLang(undefined, "en-GB,en;q=0.9,fr;q=0.8")).toBe("en");
  expect(pickLang(undefined, "de-DE,fr;q=0.5")).toBe("fr");
  expect(pickLang(undefined, undefined)).toBe("fr");
  expect(pickLang("xx", "de")).toBe("fr");
});
