// jsonText is JSON.stringify for the device: same text, but frozen objects and arrays are handed over as fresh copies
// (XS cannot stringify an object preloaded into its read-only heap; the lin firmware's /api/status threw until then).
import { jsonText } from "../../lib/json";

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
};

test("the same text as JSON.stringify, frozen members included, at every depth", () => {
  const value = { a: deepFreeze({ list: [1, { b: "x", c: null }], empty: {} }), d: deepFreeze([]), e: "é\n", f: undefined, g: [undefined, () => 1] };
  expect(jsonText(value)).toBe(JSON.stringify(value));
  expect(jsonText(value, 2)).toBe(JSON.stringify(value, null, 2));
  expect(jsonText(deepFreeze({ n: 1 }))).toBe('{"n":1}');
  expect(jsonText("text")).toBe('"text"');
});

test("a frozen object reaches JSON.stringify as a copy, never itself (what XS refuses), and toJSON still applies", () => {
  const frozen = Object.freeze({ k: 1 });
  const seen: unknown[] = [];
  const original = JSON.stringify;
  const spy = jest.spyOn(JSON, "stringify").mockImplementation((value, replacer, space) =>
    original(value, (key: string, v: unknown) => {
      const out = (replacer as unknown as (k: string, v: unknown) => unknown)(key, v);
      seen.push(out);
      return out;
    }, space),
  );
  try {
    expect(jsonText({ x: frozen, when: new Date(0), bytes: new Uint8Array([1]) })).toBe('{"x":{"k":1},"when":"1970-01-01T00:00:00.000Z","bytes":{"0":1}}');
  } finally {
    spy.mockRestore();
  }
  expect(seen).not.toContain(frozen);
  expect(seen).toContainEqual({ k: 1 });
});
