// Test helper: rasterise a QR matrix (or an SVG made by qrSvg) and read it back with jsQR, a real decoder.
import jsQR from "jsqr";
import type { QrCode } from "../../src/portal/qr";

export function decodeModules(modules: boolean[][], scale = 4): string | undefined {
  const size = modules.length;
  const side = (size + 8) * scale;
  const px = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (modules[y][x])
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const o = (((y + 4) * scale + dy) * side + (x + 4) * scale + dx) * 4;
            px[o] = px[o + 1] = px[o + 2] = 0;
          }
  return jsQR(px, side, side)?.data;
}

export function decodeCode(code: QrCode): string | undefined {
  return decodeModules(code.modules);
}

/** Read the dark modules back out of qrSvg's path ("Mx yh1v1h-1z" per module, 4-module quiet zone). */
export function modulesFromSvg(svg: string): boolean[][] {
  const side = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const size = side - 8;
  const modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  for (const m of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) modules[Number(m[2]) - 4][Number(m[1]) - 4] = true;
  return modules;
}
