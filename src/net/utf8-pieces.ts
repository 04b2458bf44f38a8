// Long text (a page, a JSON document) as UTF-8 in bounded pieces, and its byte count, without building its bytes.
// Never holds more than one piece and one short slice of the text; never splits a character between pieces.

import { utf8EncodeInto, utf8Length } from "../../lib/bytes";

/**
 * The text is read a slice at a time because XS keeps strings as UTF-8 and finds `charCodeAt(i)` by scanning from
 * the start: over a whole 10 KB page that is quadratic, over 128-unit slices it is not.
 */
const SLICE_UNITS = 128;

/** Where a slice starting at `start` ends: never between the two halves of a surrogate pair. */
function sliceEnd(text: string, start: number): number {
  const end = Math.min(text.length, start + SLICE_UNITS);
  if (end === text.length) return end;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

/** utf8Length over slices (see SLICE_UNITS). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let start = 0; start < text.length; ) {
    const end = sliceEnd(text, start);
    bytes += utf8Length(text.slice(start, end));
    start = end;
  }
  return bytes;
}

/** UTF-8 of a list of strings, handed out as pieces of at most `pieceBytes` bytes (at least 4: one character). */
export class Utf8Pieces {
  private part = 0;
  private sliceStart = 0;
  private slice = "";
  private sliceAt = 0;

  constructor(
    private readonly parts: readonly string[],
    private readonly pieceBytes: number,
  ) {}

  /** The next piece, or undefined once everything was handed out. Each piece is a fresh array the caller may keep. */
  next(): Uint8Array | undefined {
    let out: Uint8Array | undefined;
    let written = 0;
    while (this.loadSlice()) {
      out ??= new Uint8Array(this.pieceBytes);
      const step = utf8EncodeInto(this.slice, this.sliceAt, out.subarray(written));
      this.sliceAt += step.read;
      written += step.written;
      if (this.sliceAt < this.slice.length) break; // the piece is full
    }
    return out === undefined || written === 0 ? undefined : out.subarray(0, written);
  }

  /** Make `slice` hold text still to encode; false once every part is done. */
  private loadSlice(): boolean {
    while (this.sliceAt >= this.slice.length) {
      this.sliceStart += this.slice.length;
      const text = this.parts[this.part];
      if (text === undefined) return false;
      if (this.sliceStart >= text.length) {
        this.part++;
        this.sliceStart = 0;
        this.slice = "";
        this.sliceAt = 0;
        continue;
      }
      this.slice = text.slice(this.sliceStart, sliceEnd(text, this.sliceStart));
      this.sliceAt = 0;
    }
    return true;
  }
}
