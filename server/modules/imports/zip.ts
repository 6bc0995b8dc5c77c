import yauzl from 'yauzl';
import { LimitError } from '../../errors.ts';

// The zip central directory of an XLSX: which entries it holds (is it a workbook at all?) and
// how large they claim to be uncompressed, checked before anything is inflated (zip bombs).

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export function listZipEntries(path: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('cannot open zip'));
      const entries: ZipEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push({ name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
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
