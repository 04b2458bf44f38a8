// TicDecoder behaviour on hand-made streams: framing, checksums, plausibility, parity, overloads, tariff sources.
// Streams are built with the encoder of host-sim/meter, so every checksum in them is computed, never typed.
import {
  encodeHistoricFrame,
  encodeStandardFrame,
  historicGroupText,
  standardGroupText,
  withEvenParity,
} from "../../host-sim/meter/tic-encoder";
import { TIC_FRAME_MAX_GROUPS, TIC_GROUP_CAPACITY, TicDecoder } from "../../src/tic/decoder";
import type { TicGroup, TicModeSetting, TicOverloadEvent, TicReading } from "../../src/tic/types";
import { concatByteList } from "../../lib/bytes";

const STX = "\x02";
const ETX = "\x03";
const EOT = "\x04";

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function decode(input: Uint8Array | string, mode: TicModeSetting = "auto") {
  const readings: TicReading[] = [];
  const overloads: TicOverloadEvent[] = [];
  const groups: TicGroup[] = [];
  const decoder = new TicDecoder({ mode, onFrame: (r) => readings.push(r), onOverload: (e) => overloads.push(e), onGroup: (g) => groups.push(g) });
  decoder.push(typeof input === "string" ? bytesOf(input) : input);
  return { decoder, readings, overloads, groups, counters: decoder.counters, reasons: decoder.badGroupsByReason() };
}

const hist = (pairs: Array<[string, string]>) => pairs.map(([l, d]) => historicGroupText(l, d)).join("");
const TEMPO_HIST: Array<[string, string]> = [
  ["ADCO", "021861348497"], ["OPTARIF", "BBR("], ["ISOUSC", "30"], ["BBRHPJB", "023739545"], ["PTEC", "HPJR"], ["DEMAIN", "ROUG"],
  ["IINST", "012"], ["IMAX", "090"], ["PAPP", "02840"], ["HHPHC", "A"], ["MOTDETAT", "000000"],
];

describe("framing", () => {
  test("a frame gives one reading from its good groups", () => {
    const { readings, counters } = decode(encodeHistoricFrame(TEMPO_HIST));
    expect(counters).toMatchObject({ frames: 1, groupsOk: 11, groupsBad: 0, framesAborted: 0 });
    expect(readings[0]).toMatchObject({ meterId: "021861348497", contract: "tempo", current: { colour: "red", period: "hp", source: "PTEC" } });
    expect(readings[0].tomorrow).toEqual({ colour: "red", source: "DEMAIN" });
    expect(readings[0].indexesWh).toEqual({ BBRHPJB: 23739545 });
  });

  test("EOT aborts the frame in progress; the next frame is read", () => {
    const half = hist(TEMPO_HIST.slice(0, 5));
    const { readings, counters } = decode(STX + half + EOT + hist(TEMPO_HIST.slice(5)) + ETX + STX + hist(TEMPO_HIST) + ETX);
    expect(counters.framesAborted).toBe(1);
    expect(readings).toHaveLength(1);
    expect(readings[0].meterId).toBe("021861348497");
  });

  test("EOT in the middle of a group drops the group and the frame", () => {
    const { readings, counters } = decode(STX + hist(TEMPO_HIST.slice(0, 3)) + "\nPAPP 02" + EOT + ETX);
    expect(readings).toHaveLength(0);
    expect(counters).toMatchObject({ framesAborted: 1, groupsBad: 1 });
  });

  test("a new STX before ETX counts an aborted frame", () => {
    const { readings, counters } = decode(STX + hist(TEMPO_HIST.slice(0, 4)) + STX + hist(TEMPO_HIST) + ETX);
    expect(counters.framesAborted).toBe(1);
    expect(readings).toHaveLength(1);
  });

  test("a stream joined mid-group and mid-frame: the partial frame gives no reading, its good groups still count", () => {
    const text = hist(TEMPO_HIST).slice(30) + ETX + STX + hist(TEMPO_HIST) + ETX;
    const { readings, counters, groups } = decode(text);
    expect(readings).toHaveLength(1);
    expect(counters.groupsOk).toBeGreaterThan(11);
    expect(groups.length).toBe(counters.groupsOk);
  });

  test("STX inside a group is corruption of that group, not a new frame", () => {
    const text = STX + hist(TEMPO_HIST.slice(0, 3)) + "\nCCAIN\x02\x02 x\r" + hist(TEMPO_HIST.slice(3)) + ETX;
    const { readings, counters } = decode(text);
    expect(counters).toMatchObject({ frames: 1, framesAborted: 0, groupsBad: 1, groupsOk: 11 });
    expect(readings[0].meterId).toBe("021861348497");
  });

  test("a lost CR: the LF ends the broken group and the next group is read", () => {
    const text = STX + "\nISOUSC 30 9" + "\x0c" + historicGroupText("PAPP", "02840") + ETX;
    const { groups, counters } = decode(text);
    expect(groups).toEqual([{ label: "PAPP", data: "02840" }]);
    expect(counters.groupsBad).toBe(1);
  });

  test("a console capture without STX/ETX: a repeated label starts the next frame; end() flushes a lone frame", () => {
    const { readings, decoder } = decode(hist(TEMPO_HIST) + hist(TEMPO_HIST));
    expect(readings).toHaveLength(1);
    decoder.end();
    expect(readings).toHaveLength(1); // the tail is a frame already reported
    const single = decode(hist(TEMPO_HIST));
    expect(single.readings).toHaveLength(0);
    single.decoder.end();
    expect(single.readings).toHaveLength(1);
  });
});

describe("groups", () => {
  test("a checksum that is a space, parsed from the end", () => {
    expect(historicGroupText("PTEC", "HP..")).toBe("\nPTEC HP..  \r");
    expect(decode(historicGroupText("PTEC", "HP..")).groups).toEqual([{ label: "PTEC", data: "HP.." }]);
  });

  test("standard data with spaces, an empty DATE and a horodate whose season is a space", () => {
    const text = standardGroupText({ label: "LTARF", data: "    HP  BLEU    " }) + standardGroupText({ label: "DATE", data: "", horodate: "E250614152111" }) +
      standardGroupText({ label: "DPM1", data: "00", horodate: " 200214060000" });
    expect(decode(text).groups).toEqual([
      { label: "LTARF", data: "    HP  BLEU    " },
      { label: "DATE", data: "", horodate: "E250614152111" },
      { label: "DPM1", data: "00", horodate: " 200214060000" },
    ]);
  });

  test.each([
    ["two added spaces leave the 6-bit sum unchanged: caught by the length", "\nPTEC HP..    \r", "DATA"],
    ["a numeric field with a letter", historicGroupText("PAPP", "0A120"), "DATA"],
    ["a field one digit too long", historicGroupText("ISOUSC", "300"), "DATA"],
    ["an unknown PTEC value", historicGroupText("PTEC", "XXXX"), "DATA"],
    ["a label the mode does not have", historicGroupText("FOO", "1"), "UNKNOWN_LABEL"],
    ["a wrong checksum", "\nPAPP 02840 X\r", "CHECKSUM"],
    ["a group with no checksum", "\nHHPHC A\r", "CHECKSUM"],
    ["lower case (a bit-6 flip the checksum cannot see)", historicGroupText("PTEC", "hP.."), "DATA"],
  ])("refused: %s", (_why, text, reason) => {
    const { groups, counters, reasons } = decode(text, "historic");
    expect(groups).toEqual([]);
    expect(counters.groupsBad).toBe(1);
    expect(reasons).toEqual({ [reason]: 1 });
  });

  test.each([
    ["a horodate where none belongs", standardGroupText({ label: "SINSTS", data: "01234", horodate: "H200214175135" }), "HORODATE"],
    ["a historic label in standard mode", standardGroupText({ label: "PAPP", data: "01234" }), "UNKNOWN_LABEL"],
    ["a missing horodate", standardGroupText({ label: "SMAXSN", data: "01234" }), "HORODATE"],
    ["a bad horodate season", standardGroupText({ label: "SMAXSN", data: "01234", horodate: "X200214175135" }), "HORODATE"],
    ["STGE not hex", standardGroupText({ label: "STGE", data: "463A08G0" }), "DATA"],
    ["spaces instead of the HT", "\nEAST  0021849106\t.\r", "CHECKSUM"],
  ])("refused (standard): %s", (_why, text, reason) => {
    const { groups, counters, reasons } = decode(text, "standard");
    expect(groups).toEqual([]);
    expect(counters.groupsBad).toBe(1);
    expect(reasons).toEqual({ [reason]: 1 });
  });

  test("a group longer than the buffer is dropped and counted; the next one is read", () => {
    const text = "\nMSG1\t" + "A".repeat(500) + "\tX\r" + standardGroupText({ label: "PREF", data: "12" });
    const { groups, reasons } = decode(text, "standard");
    expect(groups).toEqual([{ label: "PREF", data: "12" }]);
    expect(reasons).toEqual({ TOO_LONG: 1 });
  });
});

describe("modes", () => {
  const std = encodeStandardFrame([{ label: "ADSC", data: "041776199277" }, { label: "PREF", data: "30" }]);
  const histFrame = encodeHistoricFrame([["ADCO", "021861348497"], ["ISOUSC", "30"]]);

  test("auto locks on the first good group's separator, then refuses the other mode", () => {
    const { decoder, counters } = decode(concatByteList([std, histFrame]));
    expect(decoder.lockedMode).toBe("standard");
    expect(counters).toMatchObject({ groupsOk: 2, groupsBad: 2, frames: 1 });
    decoder.reset();
    expect(decoder.lockedMode).toBeUndefined();
    expect(decoder.counters).toMatchObject({ frames: 0, groupsOk: 0, groupsBad: 0 });
    decoder.push(histFrame);
    expect(decoder.lockedMode).toBe("historic");
  });

  test("auto re-locks after a run of good groups of the other mode (a Linky switched remotely); a stray group does not", () => {
    const historic = encodeHistoricFrame(TEMPO_HIST);
    const standard = encodeStandardFrame(Array.from({ length: 12 }, (_, i) => ({ label: `EASF0${(i % 9) + 1}`, data: "000001000" })));
    const { decoder, readings } = decode(concatByteList([historic, encodeStandardFrame([{ label: "PREF", data: "06" }]), historic, standard, standard]));
    expect(decoder.lockedMode).toBe("standard");
    expect(readings.map((r) => r.mode)).toEqual(["historic", "historic", "standard"]);
    expect(decode(concatByteList([historic, standard]), "historic").decoder.lockedMode).toBe("historic");
  });

  test("an explicit mode refuses the other one from the start", () => {
    expect(decode(std, "historic").counters).toMatchObject({ groupsOk: 0, groupsBad: 2, frames: 0 });
    expect(decode(histFrame, "standard").counters).toMatchObject({ groupsOk: 0, groupsBad: 2, frames: 0 });
  });
});

describe("parity (8N1 read of a 7E1 line)", () => {
  const frame = encodeHistoricFrame(TEMPO_HIST);

  test("a clean 7-bit capture never counts parity", () => {
    expect(decode(frame).counters.parityErrors).toBe(0);
  });

  test.each([0, 3, 6, 7])("flipping bit %i of one data byte: counted, that group dropped, the rest kept", (bit) => {
    const line = withEvenParity(frame);
    const at = Array.from(frame).indexOf("0".charCodeAt(0), 40); // a digit inside an index
    line[at] ^= 1 << bit;
    const { counters, readings } = decode(line);
    expect(counters.parityErrors).toBe(1);
    expect(counters.groupsBad).toBe(1);
    expect(counters.groupsOk).toBe(TEMPO_HIST.length - 1);
    expect(readings).toHaveLength(1);
  });
});

describe("overloads, the moment their group arrives", () => {
  test("historic ADPS and IINST > ISOUSC fire before the frame ends", () => {
    const events: string[] = [];
    const decoder = new TicDecoder({ mode: "auto", onOverload: (e) => events.push(`${e.source}=${e.value}`), onFrame: () => events.push("frame") });
    const groups: Array<[string, string]> = [["ISOUSC", "30"], ["IINST", "045"], ["ADPS", "045"], ["PAPP", "10350"]];
    const bytes = encodeHistoricFrame(groups);
    decoder.push(bytes.subarray(0, bytes.length - 1)); // everything but ETX
    expect(events).toEqual(["IINST>ISOUSC=45", "ADPS=45"]);
    decoder.push(bytes.subarray(bytes.length - 1));
    expect(events[2]).toBe("frame");
  });

  test("three-phase ADIRn short frames are overloads and are flagged short", () => {
    const short = encodeHistoricFrame([["ADIR1", "042"], ["ADCO", "020830022493"], ["IINST1", "042"], ["IINST2", "001"], ["IINST3", "001"]]);
    const { overloads, readings } = decode(short);
    expect(overloads.map((o) => o.source)).toEqual(["ADIR1"]);
    expect(readings[0]).toMatchObject({ shortFrame: true, overload: { active: true, sources: ["ADIR1"] }, currentsA: [42, 1, 1] });
  });

  test("standard STGE bit 7 and SINSTS > PREF × 1000", () => {
    const frame = encodeStandardFrame([{ label: "PREF", data: "06" }, { label: "SINSTS", data: "06500" }, { label: "STGE", data: "003A0881" }]);
    const { overloads, readings } = decode(frame);
    expect(overloads).toEqual([
      { source: "SINSTS>PREF", label: "SINSTS", data: "06500", value: 6500 },
      { source: "STGE", label: "STGE", data: "003A0881" },
    ]);
    expect(readings[0].overload).toEqual({ active: true, sources: ["STGE", "SINSTS>PREF"] });
  });

  test("at the limit is not over it", () => {
    const frame = encodeStandardFrame([{ label: "PREF", data: "06" }, { label: "SINSTS", data: "06000" }]);
    expect(decode(frame).overloads).toEqual([]);
  });
});

describe("bounded memory", () => {
  test("10 MB of garbage leaves every buffer at its fixed size, and a clean frame after it is read", () => {
    const decoder = new TicDecoder({ mode: "auto" });
    let seed = 12345;
    const chunks = [0, 1, 2, 3].map((variant) => {
      const chunk = new Uint8Array(64 * 1024);
      for (let i = 0; i < chunk.length; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        // Half the chunks have no LF at all: one endless group exercises the overflow path.
        chunk[i] = (seed >>> 24) === 10 && variant % 2 === 0 ? 0x41 : seed >>> 24;
      }
      return chunk;
    });
    const chunk = chunks[3];
    for (let round = 0; round < 160; round++) {
      decoder.push(chunks[round % 4]);
      expect(decoder.groupBufferCapacity).toBe(TIC_GROUP_CAPACITY);
      expect(decoder.pendingGroupCount).toBeLessThanOrEqual(TIC_FRAME_MAX_GROUPS);
    }
    expect(decoder.counters.groupsBad).toBeGreaterThan(1000);
    decoder.reset();
    const readings: TicReading[] = [];
    const after = new TicDecoder({ mode: "auto", onFrame: (r) => readings.push(r) });
    after.push(chunk);
    // Noise may leave a group open that swallows the next STX: the frame after that one is read.
    after.push(encodeHistoricFrame(TEMPO_HIST));
    after.push(encodeHistoricFrame(TEMPO_HIST));
    expect(readings.length).toBeGreaterThanOrEqual(1);
    expect(readings[readings.length - 1].meterId).toBe("021861348497");
  });
});
