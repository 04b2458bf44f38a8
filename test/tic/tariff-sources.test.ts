// Tariff facts from the meter: contract from OPTARIF/NGTF, current period from PTEC/NTARF/STGE/LTARF, warnings.
// Frames are built with the encoder of host-sim/meter, so every checksum in them is computed, never typed.
import { encodeHistoricFrame, encodeStandardFrame } from "../../host-sim/meter/tic-encoder";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicReading } from "../../src/tic/types";

function decode(bytes: Uint8Array) {
  const readings: TicReading[] = [];
  new TicDecoder({ mode: "auto", onFrame: (r) => readings.push(r) }).push(bytes);
  return { readings };
}

describe("tariff sources", () => {
  const tempo = (extra: Array<{ label: string; data: string }>) => encodeStandardFrame([{ label: "NGTF", data: "     TEMPO      " }, ...extra]);

  test("NTARF beats LTARF, and the contradiction is reported", () => {
    const r = decode(tempo([{ label: "LTARF", data: "    HP  BLEU    " }, { label: "NTARF", data: "06" }])).readings[0];
    expect(r.current).toEqual({ colour: "red", period: "hp", source: "NTARF" });
    expect(r.warnings).toEqual(["LTARF says hp blue, NTARF says hp red"]);
  });

  test("STGE when NTARF is missing; STGE against NTARF is reported", () => {
    // 0x05000800: supplier index 3 (HC white), today white, tomorrow blue.
    const viaStge = decode(tempo([{ label: "STGE", data: "06000800" }])).readings[0];
    expect(viaStge.current).toEqual({ colour: "white", period: "hc", source: "STGE" });
    expect(viaStge.tomorrow).toEqual({ colour: "blue", source: "STGE" });
    const clash = decode(tempo([{ label: "STGE", data: "01000400" }, { label: "NTARF", data: "06" }])).readings[0];
    expect(clash.current.source).toBe("NTARF");
    expect(clash.warnings).toEqual(["STGE supplier index 2, NTARF 6", "STGE says today is blue, NTARF says red"]);
  });

  test("a frame that lost its NGTF group is still Tempo when STGE shows a day colour", () => {
    const r = decode(encodeStandardFrame([{ label: "STGE", data: "463A0800" }, { label: "NTARF", data: "03" }])).readings[0];
    expect(r).toMatchObject({ contract: "tempo", current: { colour: "white", period: "hc", source: "NTARF" }, tomorrow: { colour: "blue" } });
    const noColour = decode(encodeStandardFrame([{ label: "STGE", data: "003A0800" }, { label: "NTARF", data: "03" }])).readings[0];
    expect(noColour.contract).toBe("unknown");
  });

  test("LTARF only as a last resort", () => {
    const r = decode(tempo([{ label: "LTARF", data: "   HC  BLANC    " }])).readings[0];
    expect(r.current).toEqual({ colour: "white", period: "hc", source: "LTARF" });
  });

  test.each([
    ["OPTARIF", "BASE", "base"],
    ["OPTARIF", "HC..", "hc-hp"],
    ["OPTARIF", "EJP.", "ejp"],
    ["OPTARIF", "BBR(", "tempo"],
    ["NGTF", "     TEMPO      ", "tempo"],
    ["NGTF", "      BASE      ", "base"],
    ["NGTF", "H PLEINE/CREUSE ", "hc-hp"],
    ["NGTF", "      EJP       ", "ejp"],
    ["NGTF", "   SUPER OFFRE  ", "unknown"],
  ])("%s %p is contract %s", (label, data, contract) => {
    const frame = label === "OPTARIF" ? encodeHistoricFrame([[label, data]]) : encodeStandardFrame([{ label, data }]);
    expect(decode(frame).readings[0].contract).toBe(contract);
  });

  test("injection makes an HP/HC home a producer but never hides Tempo", () => {
    const inject = [{ label: "SINSTI", data: "01500" }];
    expect(decode(encodeStandardFrame([{ label: "NGTF", data: "H PLEINE/CREUSE " }, ...inject])).readings[0].contract).toBe("producer");
    const r = decode(tempo(inject)).readings[0];
    expect(r).toMatchObject({ contract: "tempo", producer: true, injectedPowerVA: 1500 });
  });
});
