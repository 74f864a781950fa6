import { Readable } from 'node:stream';

// Windows-1252 has no encoder in Node: these are the letters French files hold outside Latin-1.
const CP1252_EXTRAS: Readonly<Record<string, number>> = { '€': 0x80, '’': 0x92, 'œ': 0x9c, 'Œ': 0x8c, '…': 0x85, '‘': 0x91 };

/** Encodes text as a French Excel saves it ("CSV (séparateur : point-virgule)"), for tests. */
export function cp1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const extra = CP1252_EXTRAS[char];
      if (extra !== undefined) return extra;
      const code = char.codePointAt(0) ?? 0;
      if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`not in cp1252: ${char}`);
      return code;
    }),
  );
}

/** A file stream stand-in that hands the bytes over in chunks of `size`, as fs streams do. */
export function streamOf(bytes: Uint8Array, size = 16): Readable {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    chunks.push(Buffer.from(bytes.subarray(start, start + size)));
  }
  return Readable.from(chunks);
}
