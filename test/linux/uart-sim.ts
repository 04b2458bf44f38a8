// What a UART set to one rate reads from a 7E1 line sent at another: the bytes serialised to line levels at the
// sender's rate, then sampled as a receiver at its own rate would (start-bit edge, mid-bit samples). Test-only.

/** 7E1 frame of one byte: start 0, 7 data bits LSB first, even parity, stop 1. */
function frameBits(byte: number): number[] {
  const bits = [0];
  let ones = 0;
  for (let i = 0; i < 7; i++) {
    const bit = (byte >> i) & 1;
    ones += bit;
    bits.push(bit);
  }
  bits.push(ones & 1, 1);
  return bits;
}

/**
 * Bytes a receiver at `receiverBaud` (7E1, framing and parity errors delivered as read, as Linux does without INPCK)
 * reads from `bytes` sent back to back at `senderBaud`. Same rates: the bytes themselves.
 */
export function readAtWrongRate(bytes: Uint8Array, senderBaud: number, receiverBaud: number): Uint8Array {
  if (senderBaud === receiverBaud) return bytes;
  // The line, one sample per sender bit; sampled at time t (in receiver bit times) it is line[floor(t * ratio)].
  const line: number[] = [];
  for (const b of bytes) line.push(...frameBits(b & 0x7f));
  line.push(1, 1, 1); // idle after the last byte
  const ratio = senderBaud / receiverBaud; // sender bits per receiver bit
  const level = (t: number): number => line[Math.min(line.length - 1, Math.floor(t * ratio))];
  const out: number[] = [];
  const end = line.length / ratio;
  let t = 0;
  while (t < end) {
    if (level(t) !== 0) {
      t += 1 / 16; // a UART watches for the start edge at 16x its bit rate
      continue;
    }
    let byte = 0;
    for (let i = 0; i < 7; i++) byte |= level(t + 1.5 + i) << i;
    out.push(byte);
    t += 9.5; // through parity to the middle of the stop bit, then look for the next start edge
  }
  return Uint8Array.from(out);
}
