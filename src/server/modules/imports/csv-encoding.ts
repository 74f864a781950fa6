/**
 * How an imported file's bytes become text. French Excel saves "CSV (séparateur : point-virgule)"
 * in Windows-1252; "CSV UTF-8" and most web tools write UTF-8, often with a byte order mark;
 * Excel's "Texte Unicode" writes UTF-16 with a mark.
 */
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** The encoding announced by a byte order mark at the start of a file, or null when there is none. */
export function encodingFromBom(bytes: Uint8Array): CsvEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** What the first non-ASCII bytes of a file say about it. */
export type Utf8Verdict = 'ascii' | 'utf-8' | 'invalid';

/**
 * Checks `bytes` as UTF-8. A multi-byte sequence cut by the end of `bytes` is not held against
 * it, since a sample of a file may end in the middle of a character.
 */
export function checkUtf8(bytes: Uint8Array): Utf8Verdict {
  let sawMultiByte = false;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 'invalid') return 'invalid';
    if (length === 'incomplete') break;
    if (length > 1) sawMultiByte = true;
    i += length;
  }
  return sawMultiByte ? 'utf-8' : 'ascii';
}

/** Length of the UTF-8 sequence at `i`, following the well-formed table of Unicode §3.9. */
function sequenceLength(bytes: Uint8Array, i: number): number | 'invalid' | 'incomplete' {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) length = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    if (b0 === 0xe0) low = 0xa0;
    if (b0 === 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    if (b0 === 0xf0) low = 0x90;
    if (b0 === 0xf4) high = 0x8f;
  } else return 'invalid';
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k];
    if (b === undefined) return 'incomplete';
    if (k === 1 ? b < low || b > high : b < 0x80 || b > 0xbf) return 'invalid';
  }
  return length;
}

/**
 * Turns a file's bytes into text chunk by chunk. With a fixed encoding it is a plain streaming
 * decoder (a byte order mark is dropped). With 'auto' it follows the mark when there is one;
 * otherwise the first chunk holding a non-ASCII byte decides: valid UTF-8 means UTF-8, anything
 * else means Windows-1252 (invalid bytes met later in a UTF-8 file become U+FFFD). Both agree on ASCII, so a file whose first accent comes after a million plain rows
 * is still read right, where a guess from the first bytes alone would garble every later "é".
 */
export class CsvDecoder {
  private decoder: TextChunkDecoder | null;
  private pending: Uint8Array = new Uint8Array(0);
  private decided: CsvEncoding | null;
  private atStart = true;

  constructor(encoding: CsvEncoding | 'auto') {
    this.decided = encoding === 'auto' ? null : encoding;
    this.decoder = encoding === 'auto' ? null : chunkDecoder(encoding);
  }

  /** The encoding in use, once known (always known for a fixed encoding). */
  get encoding(): CsvEncoding | null {
    return this.decided;
  }

  /** Decodes the next chunk; call with `final` true (and possibly an empty chunk) at the end. */
  decode(chunk: Uint8Array, final = false): string {
    if (this.decoder !== null) return this.decoder.decode(chunk, { stream: !final });
    const bytes = concat(this.pending, chunk);
    this.pending = new Uint8Array(0);
    if (this.atStart) {
      // A mark is only a mark at the very start; wait for enough bytes to see it whole.
      if (bytes.length < 3 && !final && couldStartBom(bytes)) {
        this.pending = bytes;
        return '';
      }
      this.atStart = false;
      const bom = encodingFromBom(bytes);
      if (bom !== null) return this.decideAndDecode(bom, bytes, '', final);
    }
    let i = 0;
    while (i < bytes.length && (bytes[i] ?? 0) < 0x80) i++;
    const ascii = asciiText(bytes.subarray(0, i));
    if (i === bytes.length) return ascii;
    const length = sequenceLength(bytes, i);
    if (length === 'incomplete' && !final) {
      this.pending = bytes.slice(i);
      return ascii;
    }
    // Judge on everything at hand, not one sequence: Windows-1252 text can hold a run that
    // happens to be valid UTF-8 ("ç€’" is E7 80 92), rarely the whole of a chunk.
    const encoding = typeof length === 'number' && checkUtf8(bytes.subarray(i)) !== 'invalid' ? 'utf-8' : 'windows-1252';
    return this.decideAndDecode(encoding, bytes.subarray(i), ascii, final);
  }

  private decideAndDecode(encoding: CsvEncoding, bytes: Uint8Array, before: string, final: boolean): string {
    this.decided = encoding;
    this.decoder = chunkDecoder(encoding);
    return before + this.decoder.decode(bytes, { stream: !final });
  }
}

interface TextChunkDecoder {
  decode(bytes: Uint8Array, options: { stream: boolean }): string;
}

function chunkDecoder(encoding: CsvEncoding): TextChunkDecoder {
  return encoding === 'windows-1252' ? new Windows1252Decoder() : new TextDecoder(encoding);
}

// Node 20's TextDecoder('windows-1252') decodes Latin-1 instead (0x80 gives U+0080, not €), so
// the 32 bytes where the two differ are mapped here; the others are the same code points.
// Unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their value, as the WHATWG table says.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Windows-1252 has one byte per character, so decoding a chunk needs no state. */
class Windows1252Decoder implements TextChunkDecoder {
  decode(bytes: Uint8Array): string {
    let text = '';
    for (let start = 0; start < bytes.length; start += 8192) {
      const codes = Array.from(bytes.subarray(start, start + 8192), (b) =>
        b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b,
      );
      text += String.fromCharCode(...codes);
    }
    return text;
  }
}

function couldStartBom(bytes: Uint8Array): boolean {
  const marks = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]];
  return marks.some((mark) => bytes.every((b, i) => mark[i] === b));
}

function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    text += String.fromCharCode(...bytes.subarray(start, start + 8192));
  }
  return text;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
