import jsqr from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrPath } from './QrCode.js';

type Decode = typeof jsqr.default;
const jsQR: Decode = typeof jsqr === 'function' ? (jsqr as Decode) : jsqr.default;

/** Paints the path's runs (`M x y h w v1 h-w z`) on a white RGBA image, `scale` pixels a module. */
function paint(path: string, modules: number, scale = 4): { data: Uint8ClampedArray; size: number } {
  const size = modules * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py++) {
      for (let px = Number(x) * scale; px < (Number(x) + Number(w)) * scale; px++) {
        const i = (py * size + px) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { data, size };
}

describe('qrPath', () => {
  it.each([
    ['a tel: link', 'tel:+33612345678'],
    ['a call sheet link', 'https://relais.example.org/call/123456789/targets/987654321012'],
    ['a sign-in link', `https://relais.example.org/auth/magic/${'A'.repeat(43)}`],
  ])('draws %s that a scanner reads back', (_what, value) => {
    const { path, modules } = qrPath(value);
    const image = paint(path, modules);
    expect(jsQR(image.data, image.size, image.size)?.data).toBe(value);
  });

  it('keeps the quiet zone white around the code', () => {
    const { path, modules } = qrPath('tel:+33612345678');
    for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      expect(Number(x)).toBeGreaterThanOrEqual(4);
      expect(Number(y)).toBeGreaterThanOrEqual(4);
      expect(Number(x) + Number(w)).toBeLessThanOrEqual(modules - 4);
      expect(Number(y)).toBeLessThan(modules - 4);
    }
  });
});
