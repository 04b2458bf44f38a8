import { utf8Decode } from "../../lib/bytes";
import { encodeHapResponse, jsonResponse } from "../../homekit/hap-http";

describe("HAP responses", () => {
  test("EVENT/1.0 JSON with the HAP content type and a byte (not char) length", () => {
    const bytes = jsonResponse(200, { name: "é" }, "EVENT/1.0");
    const text = utf8Decode(bytes);
    expect(text.startsWith("EVENT/1.0 200 OK\r\nContent-Type: application/hap+json\r\nContent-Length: 13\r\n\r\n")).toBe(true);
    expect(text.endsWith('{"name":"é"}')).toBe(true);
  });

  test("470 has its HAP reason phrase", () => {
    expect(utf8Decode(encodeHapResponse({ status: 470 })).split("\r\n")[0]).toBe("HTTP/1.1 470 Connection Authorization Required");
  });
});
