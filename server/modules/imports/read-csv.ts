import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { LimitError, ValidationError } from '../../errors.ts';
import { DECODERS, type Delimiter, type TextEncoding } from './detect.ts';

/** One row of the file as text cells, numbered as a spreadsheet shows it (the first row is 1). */
export interface SourceRow {
  rowNumber: number;
  cells: string[];
}

export interface CsvOptions {
  encoding: TextEncoding;
  delimiter: Delimiter;
  /** Longest record tolerated (characters): bounds memory when a quote is never closed. */
  maxRecordChars: number;
}

/**
 * The rows of a CSV file, streamed: decoded from its encoding, split with csv-parse. Quoted
 * delimiters, newlines and doubled quotes work; a stray quote inside an unquoted value is kept as
 * text; CRLF, LF and blank lines are fine (a blank line still counts as a row, as in a
 * spreadsheet). An unclosed quote is an error naming the line where it opens.
 */
export async function* readCsvRows(path: string, options: CsvOptions): AsyncGenerator<SourceRow> {
  const parser = parse({
    delimiter: options.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
    max_record_size: options.maxRecordChars,
  });
  const source = pipeline(decodedStream(path, options.encoding), parser, () => {});
  // Every record is a row, blank ones included, so its ordinal is the spreadsheet's row number.
  let rowNumber = 0;
  try {
    for await (const record of source as AsyncIterable<string[]>) {
      rowNumber++;
      // Quoted newlines keep their text, with one kind of line break.
      for (let i = 0; i < record.length; i++) if (record[i]!.includes('\r')) record[i] = record[i]!.replace(/\r\n?/g, '\n');
      yield { rowNumber, cells: record };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The parser counted the records it completed; the bad one starts on the next line. Lines are
    // counted only now, on failure: keeping them for every row would slow every import down.
    const line = await lineOfRecord(path, options, (error as CsvError & { records?: number }).records ?? rowNumber);
    throw csvProblem(error, line);
  } finally {
    parser.destroy();
  }
}

function decodedStream(path: string, encoding: TextEncoding): Transform {
  const { label, bom } = DECODERS[encoding];
  return pipeline(createReadStream(path, { start: bom, highWaterMark: 256 * 1024 }), decoder(label), () => {});
}

/**
 * The physical line on which the record after the first `records` starts: reads the text again
 * with the parser's quoting rules (a quote opens a quoted value only at the start of a value; ""
 * inside is a quote) and counts line breaks outside quotes.
 */
async function lineOfRecord(path: string, options: CsvOptions, records: number): Promise<number> {
  let line = 1;
  let done = 0;
  let quoted = false;
  let atValueStart = true;
  let pendingQuote = false; // a quote seen inside a quoted value: closing, or the first of ""
  for await (const chunk of decodedStream(path, options.encoding)) {
    for (const ch of chunk as string) {
      if (done === records) return line;
      if (quoted) {
        if (pendingQuote) {
          pendingQuote = false;
          if (ch === '"') continue;
          quoted = false;
        } else {
          if (ch === '"') pendingQuote = true;
          else if (ch === '\n') line++;
          continue;
        }
      }
      if (ch === '\n') {
        line++;
        done++;
        atValueStart = true;
      } else if (ch === options.delimiter) atValueStart = true;
      else if (ch === '"' && atValueStart) {
        quoted = true;
        atValueStart = false;
      }
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') atValueStart = false;
    }
  }
  return line;
}

/** Bytes → text in the file's encoding, chunk by chunk (a character split across chunks is kept whole). */
function decoder(label: string): Transform {
  const textDecoder = new TextDecoder(label);
  return new Transform({
    // Text out (no re-encoding to bytes for the parser to decode again).
    encoding: 'utf8',
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, textDecoder.decode());
    },
  });
}

/** A parse error as the user should read it, with the line where the bad record starts. */
function csvProblem(error: unknown, line: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const path = ['input', 'file'];
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ValidationError({ path, code: 'UNCLOSED_QUOTE', message: `Line ${line}: a quote opens here and is never closed` });
    case 'CSV_MAX_RECORD_SIZE':
      return new LimitError(
        `Line ${line}: the row is too long (over the cell and column limits); is a quote opened there and never closed?`,
        path,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new ValidationError({
        path,
        code: 'INVALID_QUOTE',
        message: `Line ${line}: text follows a closing quote; a quote inside a quoted value must be doubled ("")`,
      });
    default:
      return new ValidationError({ path, code: 'INVALID_CSV', message: `Line ${line}: ${error.message}` });
  }
}
