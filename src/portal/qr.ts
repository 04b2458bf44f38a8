// QR code encoder (ISO/IEC 18004) for short texts: byte mode, ECC level L or M, versions 1–5, as an SVG.
// Never reaches for a library or the DOM; a text too long for version 5 gives undefined, not a throw.

export type QrEcc = "L" | "M";

/** Per version 1..5: error-correction codewords per block and number of blocks, for L and M. */
const QR_BLOCKS = Object.freeze({
  L: Object.freeze([
    Object.freeze({ eccPerBlock: 7, blocks: 1 }),
    Object.freeze({ eccPerBlock: 10, blocks: 1 }),
    Object.freeze({ eccPerBlock: 15, blocks: 1 }),
    Object.freeze({ eccPerBlock: 20, blocks: 1 }),
    Object.freeze({ eccPerBlock: 26, blocks: 1 }),
  ]),
  M: Object.freeze([
    Object.freeze({ eccPerBlock: 10, blocks: 1 }),
    Object.freeze({ eccPerBlock: 16, blocks: 1 }),
    Object.freeze({ eccPerBlock: 26, blocks: 1 }),
    Object.freeze({ eccPerBlock: 18, blocks: 2 }),
    Object.freeze({ eccPerBlock: 24, blocks: 2 }),
  ]),
});
/** Format-information ECC bits: L = 01, M = 00. */
const QR_ECC_FORMAT_BITS = Object.freeze({ L: 1, M: 0 });
/** Second alignment pattern centre per version (the first is always 6; version 1 has none). */
const QR_ALIGN_CENTRE = Object.freeze([0, 18, 22, 26, 30]);
export const QR_MAX_VERSION = 5;
const MODE_BYTE = 0b0100;

export interface QrCode {
  version: number;
  size: number;
  ecc: QrEcc;
  mask: number;
  /** Row-major modules, true = dark. */
  modules: boolean[][];
}

function rawDataModules(version: number): number {
  let n = (16 * version + 128) * version + 64;
  // Versions 2–6 carry one alignment pattern (25 modules) outside the timing lines: (25·2 − 10)·2 − 55.
  if (version >= 2) n -= 25;
  return n;
}

function dataCodewords(version: number, ecc: QrEcc): number {
  const b = QR_BLOCKS[ecc][version - 1];
  return Math.floor(rawDataModules(version) / 8) - b.eccPerBlock * b.blocks;
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function reedSolomonDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function reedSolomonRemainder(data: number[], divisor: number[]): number[] {
  const result = divisor.map(() => 0);
  for (const b of data) {
    const factor = b ^ (result.shift() as number);
    result.push(0);
    divisor.forEach((coef, i) => (result[i] ^= gfMultiply(coef, factor)));
  }
  return result;
}

/** Data bits → codewords with ECC, interleaved as the standard orders them. */
function buildCodewords(bytes: Uint8Array, version: number, ecc: QrEcc): number[] {
  const capacity = dataCodewords(version, ecc);
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(MODE_BYTE, 4);
  put(bytes.length, 8); // versions 1–9 count bytes on 8 bits
  bytes.forEach((b) => put(b, 8));
  put(0, Math.min(4, capacity * 8 - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);

  const { eccPerBlock, blocks } = QR_BLOCKS[ecc][version - 1];
  const rawCodewords = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (rawCodewords % blocks);
  const shortBlockLength = Math.floor(rawCodewords / blocks);
  const divisor = reedSolomonDivisor(eccPerBlock);
  const dataBlocks: number[][] = [];
  const eccBlocks: number[][] = [];
  for (let i = 0, at = 0; i < blocks; i++) {
    const length = shortBlockLength - eccPerBlock + (i < shortBlocks ? 0 : 1);
    const block = data.slice(at, at + length);
    at += length;
    dataBlocks.push(block);
    eccBlocks.push(reedSolomonRemainder(block, divisor));
  }
  const out: number[] = [];
  for (let i = 0; i <= shortBlockLength - eccPerBlock; i++) for (const block of dataBlocks) if (i < block.length) out.push(block[i]);
  for (let i = 0; i < eccPerBlock; i++) for (const block of eccBlocks) out.push(block[i]);
  return out;
}

/** Flat module grid (1 = dark) with the function-pattern mask; flat typed arrays keep XS fast on the device. */
class Matrix {
  readonly dark: Uint8Array;
  readonly reserved: Uint8Array;
  constructor(readonly size: number) {
    this.dark = new Uint8Array(size * size);
    this.reserved = new Uint8Array(size * size);
  }
  fn(x: number, y: number, dark: boolean): void {
    if (x < 0 || y < 0 || x >= this.size || y >= this.size) return;
    this.dark[y * this.size + x] = dark ? 1 : 0;
    this.reserved[y * this.size + x] = 1;
  }
}

function drawFunctionPatterns(m: Matrix, version: number): void {
  const size = m.size;
  for (let i = 0; i < size; i++) {
    m.fn(6, i, i % 2 === 0);
    m.fn(i, 6, i % 2 === 0);
  }
  // Finder patterns with their separators: dark where the Chebyshev distance from the centre is not 2 or 4.
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        m.fn(cx + dx, cy + dy, dist !== 2 && dist !== 4);
      }
  }
  if (version >= 2) {
    const c = QR_ALIGN_CENTRE[version - 1];
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) m.fn(c + dx, c + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  drawFormatBits(m, "M", 0); // reserve the area; the real bits are drawn once the mask is chosen
}

function drawFormatBits(m: Matrix, ecc: QrEcc, mask: number): void {
  const data = (QR_ECC_FORMAT_BITS[ecc] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((bits >>> i) & 1) !== 0;
  const size = m.size;
  for (let i = 0; i <= 5; i++) m.fn(8, i, bit(i));
  m.fn(8, 7, bit(6));
  m.fn(8, 8, bit(7));
  m.fn(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.fn(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) m.fn(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.fn(8, size - 15 + i, bit(i));
  m.fn(8, size - 8, true); // the dark module
}

function drawCodewords(m: Matrix, codewords: number[]): void {
  const size = m.size;
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // skip the vertical timing column
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!m.reserved[y * size + x] && i < codewords.length * 8) {
          m.dark[y * size + x] = (codewords[i >>> 3] >>> (7 - (i & 7))) & 1;
          i++;
        }
      }
    }
  }
}

/** The eight data masks of the standard: true where a data module is flipped. */
function maskFlips(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0: return (x + y) % 2 === 0;
    case 1: return y % 2 === 0;
    case 2: return x % 3 === 0;
    case 3: return (x + y) % 3 === 0;
    case 4: return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5: return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6: return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default: return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

function applyMask(m: Matrix, mask: number): void {
  const size = m.size;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (!m.reserved[y * size + x] && maskFlips(mask, x, y)) m.dark[y * size + x] ^= 1;
}

/** Finder-like run 1011101 with four light modules on one side, as 11-bit windows read either way. */
const FINDER_LIKE_A = 0b10111010000;
const FINDER_LIKE_B = 0b00001011101;

/** Penalty of one line (row or column) read through `at(i)`: N1 long runs and N3 finder-like patterns. */
function linePenalty(dark: Uint8Array, start: number, step: number, size: number): number {
  let score = 0;
  let run = 1;
  let window = dark[start];
  for (let i = 1; i <= size; i++) {
    const cell = i < size ? dark[start + i * step] : 2;
    if (cell === dark[start + (i - 1) * step]) run++;
    else {
      if (run >= 5) score += run - 2;
      run = 1;
    }
    if (i < size) {
      window = ((window << 1) | cell) & 0x7ff;
      if (i >= 10 && (window === FINDER_LIKE_A || window === FINDER_LIKE_B)) score += 40;
    }
  }
  return score;
}

/** The standard's penalty score (N1 runs, N2 2×2 boxes, N3 finder-like patterns, N4 balance). */
function penalty(dark: Uint8Array, size: number): number {
  let score = 0;
  for (let i = 0; i < size; i++) score += linePenalty(dark, i * size, 1, size) + linePenalty(dark, i, size, size);
  let darkCount = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = y * size + x;
      const c = dark[at];
      darkCount += c;
      if (x + 1 < size && y + 1 < size && c === dark[at + 1] && c === dark[at + size] && c === dark[at + size + 1]) score += 3;
    }
  const total = size * size;
  score += Math.floor(Math.abs(darkCount * 20 - total * 10) / total) * 10;
  return score;
}

/** Encode bytes (e.g. a UTF-8 text) in the smallest version 1..5 that holds them; undefined when too long. */
export function encodeQr(bytes: Uint8Array, ecc: QrEcc = "M"): QrCode | undefined {
  let version = 1;
  while (version <= QR_MAX_VERSION && 4 + 8 + bytes.length * 8 > dataCodewords(version, ecc) * 8) version++;
  if (version > QR_MAX_VERSION) return undefined;
  const size = version * 4 + 17;
  const base = new Matrix(size);
  drawFunctionPatterns(base, version);
  drawCodewords(base, buildCodewords(bytes, version, ecc));
  let best: Uint8Array | undefined;
  let bestMask = 0;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const m = new Matrix(size);
    m.dark.set(base.dark);
    m.reserved.set(base.reserved);
    applyMask(m, mask);
    drawFormatBits(m, ecc, mask);
    const score = penalty(m.dark, size);
    if (score < bestScore) [best, bestMask, bestScore] = [m.dark, mask, score];
  }
  const modules: boolean[][] = [];
  for (let y = 0; y < size; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < size; x++) row.push(best![y * size + x] === 1);
    modules.push(row);
  }
  return { version, size, ecc, mask: bestMask, modules };
}

/** SVG of a code with the 4-module quiet zone; one path, so it stays small inside an HTML page. */
export function qrSvg(code: QrCode, pixelsPerModule = 6): string {
  const side = code.size + 8;
  let path = "";
  for (let y = 0; y < code.size; y++)
    for (let x = 0; x < code.size; x++) if (code.modules[y][x]) path += `M${x + 4} ${y + 4}h1v1h-1z`;
  const px = side * pixelsPerModule;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}
