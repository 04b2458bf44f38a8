// Typing of the Moddable SDK's `onewire` module (modules/drivers/onewire, SDK 8.2), which @moddable/typings lacks.
declare module "onewire" {
  export default class OneWire {
    constructor(dictionary: { pin: number; [key: string]: unknown });
    close(): void;
    read(count: number): number | ArrayBuffer | Uint8Array;
    write(data: number | Uint8Array, power?: boolean): void;
    select(device: Uint8Array | ArrayBuffer): void;
    search(): ArrayBuffer[];
    isPresent(id: Uint8Array | ArrayBuffer): boolean;
    reset(): boolean;
    static crc(buffer: Uint8Array | ArrayBuffer, length?: number): number;
    static hex(buffer: Uint8Array | ArrayBuffer): string;
    static fromHexString(text: string): Uint8Array;
  }
}
