// Public API of the TIC reader: the streaming decoder, its label table and the reading types.
// Never add logic here; it only re-exports what other parts of the firmware and host-sim may use.
export { TicDecoder, TIC_GROUP_CAPACITY, TIC_FRAME_MAX_GROUPS, type TicDecoderOptions } from "./decoder";
export { TIC_LABELS, findLabel, type TicLabel, type TicDataKind, type TicUnit } from "./labels";
export { GROUP_VERDICT, type GroupVerdict } from "./group-check";
export { decodeStge, parseStge, STGE_BITS } from "./stge";
export { PTEC_PERIODS, DEMAIN_COLOURS, TEMPO_SUPPLIER_INDEXES } from "./tariff-sources";
export type * from "./types";
