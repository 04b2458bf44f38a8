import { encodeEventMessage, EventHub } from "../../homekit/events";
import { utf8Decode } from "../../lib/bytes";
import { encodeTxtBytes, hapTxtRecord } from "../../homekit/txt";

describe("EventHub", () => {
  test("delivers only to subscribers, never to the excluded writer, coalesced with the latest value", () => {
    const woken: number[] = [];
    const hub = new EventHub((id) => woken.push(id));
    hub.subscribe(1, 1, 12);
    hub.subscribe(2, 1, 12);
    hub.subscribe(2, 1, 11);
    hub.publish([{ aid: 1, iid: 12, value: 1 }], 1);
    hub.publish([{ aid: 1, iid: 11, value: 0 }]);
    hub.publish([{ aid: 1, iid: 12, value: 3 }], 1);
    expect(woken).toEqual([2]);
    expect(hub.hasPending(1)).toBe(false);
    expect(hub.take(2)).toEqual([
      { aid: 1, iid: 12, value: 3 },
      { aid: 1, iid: 11, value: 0 },
    ]);
    expect(hub.take(2)).toEqual([]);
    hub.publish([{ aid: 1, iid: 12, value: 1 }]);
    expect(woken).toEqual([2, 1, 2]);
  });

  test("unsubscribe drops what was pending for that characteristic; dropSession forgets everything", () => {
    const hub = new EventHub(() => undefined);
    hub.subscribe(5, 1, 12);
    hub.subscribe(5, 1, 18);
    hub.publish([{ aid: 1, iid: 12, value: 1 }, { aid: 1, iid: 18, value: 1 }]);
    hub.unsubscribe(5, 1, 12);
    expect(hub.isSubscribed(5, 1, 12)).toBe(false);
    expect(hub.take(5)).toEqual([{ aid: 1, iid: 18, value: 1 }]);
    hub.dropSession(5);
    hub.publish([{ aid: 1, iid: 18, value: 0 }]);
    expect(hub.hasPending(5)).toBe(false);
  });

  test("EVENT/1.0 message framing", () => {
    const text = utf8Decode(encodeEventMessage([{ aid: 1, iid: 12, value: 3 }]));
    const body = '{"characteristics":[{"aid":1,"iid":12,"value":3}]}';
    expect(text).toBe(`EVENT/1.0 200 OK\r\nContent-Type: application/hap+json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  });
});

describe("TXT record", () => {
  const input = { configNumber: 3, deviceId: "AA:BB:CC:DD:EE:FF", model: "DL-1", paired: false, category: 9, setupHash: "q5Vfsg==" };

  test("has every HAP key; sf follows the pairing state", () => {
    expect(hapTxtRecord(input)).toEqual({ "c#": "3", ff: "0", id: "AA:BB:CC:DD:EE:FF", md: "DL-1", pv: "1.1", "s#": "1", sf: "1", ci: "9", sh: "q5Vfsg==" });
    expect(hapTxtRecord({ ...input, paired: true }).sf).toBe("0");
  });

  test("bytes are length-prefixed key=value strings (what Moddable mdns must be given)", () => {
    const bytes = encodeTxtBytes({ "c#": "3", sf: "1" });
    expect(Array.from(bytes)).toEqual([4, 0x63, 0x23, 0x3d, 0x33, 4, 0x73, 0x66, 0x3d, 0x31]);
    const full = encodeTxtBytes(hapTxtRecord(input));
    const entries: string[] = [];
    for (let at = 0; at < full.length; at += 1 + full[at]) entries.push(utf8Decode(full.subarray(at + 1, at + 1 + full[at])));
    expect(entries).toEqual(["c#=3", "ff=0", "id=AA:BB:CC:DD:EE:FF", "md=DL-1", "pv=1.1", "s#=1", "sf=1", "ci=9", "sh=q5Vfsg=="]);
  });
});
