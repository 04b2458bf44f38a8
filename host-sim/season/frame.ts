// A historic-mode Tempo frame written in place: the season replays 525,600 of them, so the groups' bytes are laid out
// once and each frame only rewrites its digits and checksums. Host-only; the same bytes as host-sim/meter/tic-encoder.

import { ETX, historicGroupText, STX } from "../meter/tic-encoder";

interface Field {
  /** Offset of the group's first label byte (after LF) and of its data. */
  labelAt: number;
  dataAt: number;
  width: number;
  checksumAt: number;
}

const INDEX_LABELS = Object.freeze(["BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"]);
const PTEC_TEXT = Object.freeze({ blue: { hc: "HCJB", hp: "HPJB" }, white: { hc: "HCJW", hp: "HPJW" }, red: { hc: "HCJR", hp: "HPJR" } });
const DEMAIN_TEXT = Object.freeze({ blue: "BLEU", white: "BLAN", red: "ROUG", unknown: "----" });

export type FrameColour = "blue" | "white" | "red";

export class TempoFrameWriter {
  private readonly bytes: Uint8Array;
  private readonly indexes: Field[] = [];
  private readonly ptec: Field;
  private readonly demain: Field;
  private readonly iinst: Field;
  private readonly papp: Field;

  constructor(meterId: string, isouscA: number) {
    const groups: Array<[string, string]> = [["ADCO", meterId], ["OPTARIF", "BBR("], ["ISOUSC", String(isouscA).padStart(2, "0")]];
    for (const label of INDEX_LABELS) groups.push([label, "000000000"]);
    groups.push(["PTEC", "HPJB"], ["DEMAIN", "----"], ["IINST", "000"], ["IMAX", "090"], ["PAPP", "00000"], ["HHPHC", "A"], ["MOTDETAT", "000000"]);
    let text = String.fromCharCode(STX);
    const fields: Record<string, Field> = {};
    for (const [label, data] of groups) {
      const at = text.length + 1; // after LF
      fields[label] = { labelAt: at, dataAt: at + label.length + 1, width: data.length, checksumAt: at + label.length + 1 + data.length + 1 };
      text += historicGroupText(label, data);
    }
    text += String.fromCharCode(ETX);
    this.bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) this.bytes[i] = text.charCodeAt(i);
    for (const label of INDEX_LABELS) this.indexes.push(fields[label]);
    this.ptec = fields.PTEC;
    this.demain = fields.DEMAIN;
    this.iinst = fields.IINST;
    this.papp = fields.PAPP;
  }

  private digits(field: Field, value: number): void {
    let v = Math.max(0, Math.floor(value));
    for (let i = field.width - 1; i >= 0; i--) {
      this.bytes[field.dataAt + i] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.checksum(field);
  }

  private text(field: Field, text: string): void {
    for (let i = 0; i < field.width; i++) this.bytes[field.dataAt + i] = text.charCodeAt(i);
    this.checksum(field);
  }

  /** ((sum of label SP data) & 0x3F) + 0x20: the SP before the checksum is not summed (DOMAIN §1). */
  private checksum(field: Field): void {
    let sum = 0;
    for (let i = field.labelAt; i < field.dataAt + field.width; i++) sum += this.bytes[i];
    this.bytes[field.checksumAt] = (sum & 0x3f) + 0x20;
  }

  /** The frame for these indexes and tariff; the returned bytes are rewritten by the next call. */
  write(indexesWh: readonly number[], colour: FrameColour, period: "hp" | "hc", tomorrow: FrameColour | "unknown", powerVA: number): Uint8Array {
    for (let i = 0; i < 6; i++) this.digits(this.indexes[i], indexesWh[i]);
    this.text(this.ptec, PTEC_TEXT[colour][period]);
    this.text(this.demain, DEMAIN_TEXT[tomorrow]);
    this.digits(this.iinst, Math.round(powerVA / 230));
    this.digits(this.papp, powerVA);
    return this.bytes;
  }
}
