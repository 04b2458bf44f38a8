import fc from "fast-check";
import { thermostatDatabase } from "../../homekit/accessory";
import { HAP_STATUS } from "../../homekit/catalog";
import { AccessoryDatabase } from "../../homekit/database";
import { FakeBinding, TEST_INFO } from "./support/fake-binding";

type CharJson = { type: string; iid: number; value?: unknown; perms: string[]; format: string; [k: string]: unknown };
type ServiceJson = { type: string; iid: number; primary?: boolean; characteristics: CharJson[] };

function setup() {
  const binding = new FakeBinding();
  const db = thermostatDatabase(TEST_INFO, binding);
  const services = (db.toJson().accessories[0] as { aid: number; services: ServiceJson[] }).services;
  const iidOf = (serviceType: string, charType: string) => services.find((s) => s.type === serviceType)!.characteristics.find((c) => c.type === charType)!.iid;
  return { binding, db, services, iidOf };
}

describe("thermostat accessory tree", () => {
  test("AccessoryInformation is aid 1 iid 1 with the six required characteristics, then A2, 4A (primary), 80", () => {
    const { services } = setup();
    expect(services.map((s) => [s.type, s.iid])).toEqual([
      ["3E", 1],
      ["A2", 8],
      ["4A", 10],
      ["80", 17],
    ]);
    expect(services[0].characteristics.map((c) => c.type)).toEqual(["14", "20", "21", "23", "30", "52"]);
    expect(services[1].characteristics[0]).toMatchObject({ type: "37", value: "1.1.0", format: "string" });
    expect(services[2].primary).toBe(true);
    const target = services[2].characteristics.find((c) => c.type === "33")!;
    expect(target).toMatchObject({ format: "uint8", perms: ["pr", "pw", "ev"], minValue: 0, maxValue: 3, "valid-values": [1, 3], value: 3 });
    expect(services[2].characteristics.find((c) => c.type === "35")).toMatchObject({ format: "float", unit: "celsius", minValue: 10, maxValue: 38, minStep: 0.1, value: 20 });
    expect(services[3].characteristics.find((c) => c.type === "23")!.value).toBe("Demain rouge/blanc");
    // Identify is write-only: never carries a value.
    expect(services[0].characteristics[0]).not.toHaveProperty("value");
  });

  test("every characteristic of the table is published with perms and format, iids unique", () => {
    const { services } = setup();
    const iids = services.flatMap((s) => [s.iid, ...s.characteristics.map((c) => c.iid)]);
    expect(new Set(iids).size).toBe(iids.length);
    for (const c of services.flatMap((s) => s.characteristics)) {
      expect(c.perms.length).toBeGreaterThan(0);
      expect(["bool", "uint8", "float", "string"]).toContain(c.format);
    }
  });

  test("reads follow the binding: shed → current OFF; tomorrow red → contact open (1)", () => {
    const { db, binding, iidOf } = setup();
    binding.state.current = "OFF";
    binding.state.tomorrowExpensive = true;
    expect(db.read(1, iidOf("4A", "F")).value).toBe(0);
    expect(db.read(1, iidOf("80", "6A")).value).toBe(1);
    binding.state.tomorrowExpensive = false;
    expect(db.read(1, iidOf("80", "6A")).value).toBe(0);
  });

  test("read options add meta, perms and type only when asked", () => {
    const { db, iidOf } = setup();
    const iid = iidOf("4A", "11");
    expect(db.read(1, iid)).toEqual({ aid: 1, iid, value: 19.5 });
    expect(db.read(1, iid, { meta: true, perms: true, type: true })).toEqual({
      aid: 1, iid, value: 19.5, type: "11", perms: ["pr", "ev"], format: "float", unit: "celsius", minValue: 0, maxValue: 100, minStep: 0.1,
    });
  });

  test("sensor values outside the published range are clamped and rounded to the step", () => {
    const { db, binding, iidOf } = setup();
    binding.state.currentTemperatureC = -4;
    expect(db.read(1, iidOf("4A", "11")).value).toBe(0);
    binding.state.currentTemperatureC = 21.4567;
    expect(db.read(1, iidOf("4A", "11")).value).toBe(21.5);
  });
});

describe("HAP statuses", () => {
  test("missing characteristic → -70409; read of write-only → -70405", () => {
    const { db } = setup();
    expect(db.read(1, 99).status).toBe(HAP_STATUS.ResourceDoesNotExist);
    expect(db.read(2, 1).status).toBe(HAP_STATUS.ResourceDoesNotExist);
    expect(db.read(1, 2).status).toBe(HAP_STATUS.WriteOnly);
    expect(db.write(1, 99, 1, { sessionId: 1 }).status).toBe(HAP_STATUS.ResourceDoesNotExist);
  });

  test("write to read-only → -70404 (Current state, Manufacturer, Version)", () => {
    const { db, iidOf } = setup();
    expect(db.write(1, iidOf("4A", "F"), 1, { sessionId: 1 }).status).toBe(HAP_STATUS.ReadOnly);
    expect(db.write(1, iidOf("3E", "20"), "x", { sessionId: 1 }).status).toBe(HAP_STATUS.ReadOnly);
    expect(db.write(1, iidOf("A2", "37"), "2.0", { sessionId: 1 }).status).toBe(HAP_STATUS.ReadOnly);
  });

  test.each([[0], [2], [4], [-1], [1.5], ["1"], [null], [true]])("target write %p → -70410 and the binding is not called", (value) => {
    const { db, binding, iidOf } = setup();
    expect(db.write(1, iidOf("4A", "33"), value, { sessionId: 1 }).status).toBe(HAP_STATUS.InvalidValue);
    expect(binding.writes).toEqual([]);
  });

  test("target HEAT/AUTO reach the binding with the writer's session id; refused HEAT comes back as AUTO", () => {
    const { db, binding, iidOf } = setup();
    const iid = iidOf("4A", "33");
    expect(db.write(1, iid, 1, { sessionId: 7 })).toEqual({ status: 0, value: 1 });
    expect(binding.writes).toEqual([{ mode: "HEAT", sessionId: 7 }]);
    expect(db.write(1, iid, 3, { sessionId: 7 })).toEqual({ status: 0, value: 3 });
    binding.refuseHeat = true;
    expect(db.write(1, iid, 1, { sessionId: 7 })).toEqual({ status: 0, value: 3 });
  });

  test("target temperature: range 10–38 enforced, value snapped to 0.1", () => {
    const { db, binding, iidOf } = setup();
    const iid = iidOf("4A", "35");
    expect(db.write(1, iid, 9.9, { sessionId: 1 }).status).toBe(HAP_STATUS.InvalidValue);
    expect(db.write(1, iid, 38.1, { sessionId: 1 }).status).toBe(HAP_STATUS.InvalidValue);
    expect(db.write(1, iid, 21.44, { sessionId: 1 })).toEqual({ status: 0, value: 21.4 });
    expect(binding.state.targetTemperatureC).toBe(21.4);
  });

  test("Identify accepts true/1 and calls the binding; notify on Identify → -70406", () => {
    const { db, binding } = setup();
    expect(db.write(1, 2, true, { sessionId: 1 }).status).toBe(0);
    expect(db.write(1, 2, 1, { sessionId: 1 }).status).toBe(0);
    expect(db.write(1, 2, "yes", { sessionId: 1 }).status).toBe(HAP_STATUS.InvalidValue);
    expect(binding.identified).toBe(2);
    expect(db.notifyStatus(1, 2)).toBe(HAP_STATUS.NotificationNotSupported);
    expect(db.notifyStatus(1, 3)).toBe(HAP_STATUS.NotificationNotSupported);
    expect(db.notifyStatus(1, 12)).toBe(0);
    expect(db.notifyStatus(1, 500)).toBe(HAP_STATUS.ResourceDoesNotExist);
  });

  test("a throwing binding gives -70402, not a crash", () => {
    const db = new AccessoryDatabase([
      { aid: 1, services: [{ kind: "Thermostat", characteristics: [{ kind: "CurrentTemperature", read: () => { throw new Error("sensor"); } }, { kind: "TargetTemperature", read: () => 20, write: () => { throw new Error("bug"); } }] }] },
    ]);
    expect(db.read(1, 2).status).toBe(HAP_STATUS.ServiceCommunicationFailure);
    expect(db.write(1, 3, 20, { sessionId: 1 }).status).toBe(HAP_STATUS.ServiceCommunicationFailure);
    expect(JSON.stringify(db.toJson())).toContain('"value":null');
  });

  test("property: any JSON value written to any iid yields a HAP status, never a throw", () => {
    const { db } = setup();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 25 }), fc.jsonValue(), (iid, value) => {
        const r = db.write(1, iid, value, { sessionId: 1 });
        expect([0, HAP_STATUS.ReadOnly, HAP_STATUS.InvalidValue, HAP_STATUS.ResourceDoesNotExist]).toContain(r.status);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("shape digest (drives c#)", () => {
  test("unchanged by values, changed by the tree", () => {
    const a = setup();
    const before = a.db.shapeDigest();
    a.binding.state.target = "HEAT";
    a.binding.state.currentTemperatureC = 30;
    expect(a.db.shapeDigest()).toBe(before);
    // Like HAP-NodeJS, values (even constant ones such as Model) are not part of the shape.
    expect(thermostatDatabase({ ...TEST_INFO, model: "DL-2" }, new FakeBinding()).shapeDigest()).toBe(before);
    const smaller = new AccessoryDatabase([{ aid: 1, services: [{ kind: "ContactSensor", characteristics: [{ kind: "ContactSensorState", value: 0 }] }] }]);
    expect(smaller.shapeDigest()).not.toBe(before);
  });

  test("notifiableValues lists the ev characteristics with current values", () => {
    const { db, iidOf } = setup();
    const values = db.notifiableValues();
    expect(values.map((v) => v.iid).sort((x, y) => x - y)).toEqual([9, 11, 12, 13, 14, 15, 18]);
    expect(values.find((v) => v.iid === iidOf("4A", "33"))!.value).toBe(3);
  });
});
