import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { LimitError } from '../../errors.ts';

// The zip central directory of an XLSX: which entries it holds (is it a workbook at all?) and
// how large they claim to be uncompressed, checked before anything is inflated (zip bombs); and
// its entries read by name, in the order a reader needs them rather than the order they are stored.

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** A zip opened through its central directory: any entry can be read, in any order. */
export interface OpenZip {
  entries: ReadonlyMap<string, yauzl.Entry>;
  /** The entry's inflated bytes as a stream (yauzl errors if they exceed its declared size), or undefined if absent. */
  openEntry(name: string): Promise<Readable | undefined>;
  close(): void;
}

export function openZip(path: string): Promise<OpenZip> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('cannot open zip'));
      const entries = new Map<string, yauzl.Entry>();
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () =>
        resolve({
          entries,
          openEntry: async (name) => {
            const entry = entries.get(name);
            return entry ? zip.openReadStreamPromise(entry) : undefined;
          },
          close: () => zip.close(),
        }),
      );
      zip.on('error', (failure: Error) => {
        zip.close();
        reject(failure);
      });
      zip.readEntry();
    });
  });
}

export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  const zip = await openZip(path);
  zip.close();
  return [...zip.entries.values()].map((entry) => ({
    name: entry.fileName,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
  }));
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxRatio: number;
}

/** Refuses a workbook whose entries add up to more than the limits, before reading it. */
export function checkZipLimits(entries: readonly ZipEntry[], fileSize: number, limits: ZipLimits): void {
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const path = ['input', 'file'];
  if (total > limits.maxUncompressedBytes) {
    throw new LimitError(
      `The workbook unpacks to ${total.toLocaleString('en-US')} bytes, more than ${limits.maxUncompressedBytes.toLocaleString('en-US')} ` +
        '(IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES)',
      path,
    );
  }
  const ratio = total / Math.max(fileSize, 1);
  if (ratio > limits.maxRatio) {
    throw new LimitError(
      `The workbook unpacks to ${Math.round(ratio)} times its size, more than ${limits.maxRatio} (IMPORT_MAX_XLSX_RATIO): ` +
        'it looks like a zip bomb',
      path,
    );
  }
}
