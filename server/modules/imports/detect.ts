import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ValidationError } from '../../errors.ts';
import { listZipEntries, type ZipEntry } from './zip.ts';

// What a file is, from its bytes (never from its name or claimed type): XLSX or text, and for
// text its encoding and delimiter.

const FILE_PATH = ['input', 'file'];
const unsupported = (message: string) => new ValidationError({ path: FILE_PATH, code: 'UNSUPPORTED_FORMAT', message });

/** Bytes read from the start of a file to sniff its format, encoding and delimiter. */
const HEAD_BYTES = 64 * 1024;

export type TextEncoding = 'UTF-8' | 'UTF-8-BOM' | 'UTF-16LE' | 'UTF-16BE' | 'WINDOWS-1252';

/** The TextDecoder label of each encoding and the length of its byte order mark. */
export const DECODERS: Record<TextEncoding, { label: string; bom: number }> = {
  'UTF-8': { label: 'utf-8', bom: 0 },
  'UTF-8-BOM': { label: 'utf-8', bom: 3 },
  'UTF-16LE': { label: 'utf-16le', bom: 2 },
  'UTF-16BE': { label: 'utf-16be', bom: 2 },
  'WINDOWS-1252': { label: 'windows-1252', bom: 0 },
};

export type Detected = { format: 'XLSX'; entries: ZipEntry[] } | {
  format: 'CSV';
  encoding: TextEncoding;
  /** The first bytes decoded, to detect the delimiter. */
  head: string;
  /** Whether `head` is the whole file. */
  complete: boolean;
};

export async function readHead(path: string, bytes = HEAD_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * XLSX is a zip (PK\x03\x04) holding xl/workbook.xml; anything else must be text. Empty files and
 * other binaries (old .xls, other zips, images…) are refused with a clear error.
 */
export async function detectFile(path: string, size: number): Promise<Detected> {
  const head = await readHead(path);
  if (size === 0) throw new ValidationError({ path: FILE_PATH, code: 'EMPTY_FILE', message: 'The file is empty' });
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    let entries: ZipEntry[];
    try {
      entries = await listZipEntries(path);
    } catch {
      throw unsupported('The file looks like a ZIP archive (such as XLSX) but cannot be read');
    }
    if (!entries.some((entry) => entry.name === 'xl/workbook.xml')) {
      throw unsupported('The file is a ZIP archive but not an Excel workbook: send a CSV or an XLSX file');
    }
    return { format: 'XLSX', entries };
  }
  if (head.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) {
    throw unsupported('Excel 97–2003 (.xls) files are not supported: save the sheet as XLSX or CSV');
  }
  const encoding = await detectEncoding(path, head);
  const { label, bom } = DECODERS[encoding];
  const text = new TextDecoder(label).decode(head.subarray(bom), { stream: true });
  if (text.includes('\u0000')) throw unsupported('The file is neither text (CSV) nor an XLSX workbook');
  return { format: 'CSV', encoding, head: text, complete: size <= head.length };
}

/**
 * A byte order mark decides (UTF-8, UTF-16 LE/BE); without one the file is UTF-8 when every
 * byte of it is valid UTF-8, otherwise Windows-1252 (what Excel on Windows writes as "CSV").
 */
async function detectEncoding(path: string, head: Buffer): Promise<TextEncoding> {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'UTF-8-BOM';
  if (head[0] === 0xff && head[1] === 0xfe) return 'UTF-16LE';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16BE';
  return (await isUtf8File(path)) ? 'UTF-8' : 'WINDOWS-1252';
}

/** Streams the whole file through a fatal UTF-8 decoder: one invalid sequence anywhere means no. */
async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Lines of the head that decide the delimiter. */
const SAMPLE_LINES = 50;

/**
 * The delimiter that splits the first lines most consistently: for each candidate, count it
 * outside quotes on every line; the winner has the most lines agreeing with the header's count
 * (which must be at least 1), then the larger count. Comma when nothing splits (one column).
 */
export function detectDelimiter(head: string, complete: boolean): Delimiter {
  const lines = sampleLines(head, complete);
  const header = lines[0];
  if (!header) return ',';
  let best: { delimiter: Delimiter; agreeing: number; count: number } = { delimiter: ',', agreeing: 0, count: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const count = counts[0]!;
    if (count === 0) continue;
    const agreeing = counts.filter((c) => c === count).length;
    if (agreeing > best.agreeing || (agreeing === best.agreeing && count > best.count)) best = { delimiter, agreeing, count };
  }
  return best.delimiter;
}

/** Up to SAMPLE_LINES non-blank logical lines (a quoted newline does not end one). */
function sampleLines(head: string, complete: boolean): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < head.length && lines.length < SAMPLE_LINES; i++) {
    const ch = head[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      lines.push(head.slice(start, i));
      start = i + 1;
    }
  }
  // The text after the last newline is a whole line only when the head is the whole file.
  if (complete && lines.length < SAMPLE_LINES && start < head.length && !quoted) lines.push(head.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}
