import { create } from 'qrcode';
import { useMemo } from 'react';

// The quiet zone scanners need around the code, in modules.
const QUIET = 4;

/**
 * The SVG path of a QR code: one rectangle per horizontal run of dark modules (far fewer path
 * commands than one square per module), offset by the quiet zone.
 */
export function qrPath(value: string): { path: string; modules: number } {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules.get(y, x)) x++;
      parts.push(`M${start + QUIET} ${y + QUIET}h${x - start}v1h${start - x}z`);
    }
  }
  return { path: parts.join(''), modules: size + 2 * QUIET };
}

/**
 * A scannable QR code drawn as SVG (crisp on screen and on paper). `data-qr-value` carries what it
 * encodes, for tests and for anyone inspecting the page.
 *
 * @example
 * <QrCode value="tel:+33612345678" size={128} label="Scan to call" />
 */
export function QrCode({ value, size = 128, label }: { value: string; size?: number | string; label: string }) {
  const { path, modules } = useMemo(() => qrPath(value), [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      data-qr-value={value}
      viewBox={`0 0 ${modules} ${modules}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      style={{ display: 'block', flex: 'none' }}
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
