import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyConfig, type BusboyInstance } from '@fastify/busboy';
import { CSRF_MESSAGE, isCsrfSuspect } from './security.ts';

/**
 * File uploads: the GraphQL multipart request spec (a multipart/form-data POST to /graphql with
 * the fields `operations`, then `map`, then the files), streamed to temporary files on disk.
 *
 * Yoga's own multipart support collects each file in memory; an import may be 100 MB, so this
 * handler parses the request with a streaming parser instead, writes each file to a temporary
 * file while counting its bytes (over the limit: 413 at once), and then hands Yoga an ordinary
 * JSON request in which each file variable is an opaque token. The `File` scalar turns a token
 * back into an `UploadedFile` through the registry below. Registry entries and temporary files
 * live exactly as long as the request: they are removed when it ends, success or failure.
 *
 * CSRF: a plain HTML form can POST multipart/form-data to any site. Such a request reaches Yoga
 * only with a GraphQL `operations` field (checked here), and only with a header a form cannot
 * send (a credential, or `x-pavior-upload` / `apollo-require-preflight`: server/security.ts),
 * checked here because the request forwarded to Yoga is JSON, which Yoga's check lets through.
 */

/** A file of the current request, as the `File` scalar hands it to resolvers. */
export interface UploadedFile {
  /** The temporary file holding the upload; it is deleted when the request ends. */
  path: string;
  /** The name the client gave (without directories), for display only: never trusted for format. */
  fileName: string;
  /** The type the client claimed, for display only. */
  mimeType: string;
  size: number;
}

export interface UploadOptions {
  graphqlPath: string;
  maxFileBytes: number;
  tmpDir: string;
  /** Where an unexpected failure (not a refusal) is reported; console.error when absent. */
  logError?: (error: unknown) => void;
}

/** What the handler needs of Yoga: its fetch, with the server context Yoga's context factory reads. */
export interface UploadTarget {
  fetch(url: string, init: RequestInit, serverContext: { req: IncomingMessage; res: ServerResponse }): Response | Promise<Response>;
}

/** Files per request, the size of `operations`/`map`, and what we read of a refused request. */
const MAX_FILES = 10;
const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_DISCARD_BYTES = 16 * 1024 * 1024;
const TOKEN_PREFIX = 'pavior-upload:';

const registry = new Map<string, UploadedFile>();

/** The file behind a token of a request in flight, or undefined (unknown, or its request ended). */
export function resolveUploadToken(token: unknown): UploadedFile | undefined {
  return typeof token === 'string' && token.startsWith(TOKEN_PREFIX) ? registry.get(token) : undefined;
}

/** A refused upload: an HTTP status and a GraphQL-shaped error body. */
class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new UploadError(400, 'BAD_REQUEST', message);

export function isMultipartRequest(req: IncomingMessage, graphqlPath: string): boolean {
  return (
    req.method === 'POST' &&
    req.url?.split('?')[0] === graphqlPath &&
    (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')
  );
}

/**
 * The upload handler: answers multipart POSTs to the GraphQL path and resolves true, or resolves
 * false for any other request (the caller passes those on).
 */
export function createUploadHandler(
  options: UploadOptions,
  target: UploadTarget,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (!isMultipartRequest(req, options.graphqlPath)) return false;
    const files: StoredFile[] = [];
    const tokens: string[] = [];
    // Registry entries and temporary files go before the answer ends, so a client that has the
    // answer never finds them.
    const cleanUp = async () => {
      for (const token of tokens.splice(0)) registry.delete(token);
      await Promise.all(files.splice(0).map(removeStoredFile));
    };
    try {
      const received = await receiveMultipart(req, options, files);
      const body = substituteTokens(received, tokens);
      // A well-formed GraphQL upload; now it must also show it was not sent by a plain form.
      if (isCsrfSuspect('POST', req.headers)) throw new UploadError(403, 'CSRF_REJECTED', CSRF_MESSAGE);
      const response = await target.fetch(`http://${req.headers.host ?? 'localhost'}${req.url}`, { method: 'POST', headers: forwardedHeaders(req), body }, { req, res });
      await sendResponse(res, response, cleanUp);
    } catch (error) {
      await cleanUp();
      if (!(error instanceof UploadError)) (options.logError ?? console.error)(error);
      const refusal = error instanceof UploadError ? error : new UploadError(500, 'INTERNAL', 'The upload failed');
      if (!res.headersSent) {
        res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code, ...refusal.extensions } }] }));
      } else {
        res.destroy();
      }
      discardRest(req);
    } finally {
      await cleanUp();
    }
    return true;
  };
}

/** A temporary file and the stream writing it (closed before the file is removed). */
interface StoredFile {
  file: UploadedFile;
  sink: WriteStream;
}

async function removeStoredFile({ file, sink }: StoredFile): Promise<void> {
  if (!sink.closed) {
    const closed = once(sink, 'close').catch(() => {});
    sink.destroy();
    await closed;
  }
  await unlink(file.path).catch(() => {});
}

interface Received {
  operations: string;
  map: Record<string, string[]>;
  files: Map<string, UploadedFile>;
}

/**
 * Parses the multipart body, streaming each file named in `map` to a temporary file (pushed on
 * `created` as soon as it exists, so the caller can always delete it). Resolves once every file
 * is on disk; rejects with an UploadError on a malformed request or a file over the limit.
 */
function receiveMultipart(req: IncomingMessage, options: UploadOptions, created: StoredFile[]): Promise<Received> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = Busboy({
        headers: req.headers as BusboyConfig['headers'],
        limits: { fieldSize: MAX_FIELD_BYTES, fields: 10, files: MAX_FILES, parts: MAX_FILES + 10 },
      });
    } catch (error) {
      reject(badRequest(`Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    let operations: string | undefined;
    let map: Record<string, string[]> | undefined;
    const files = new Map<string, UploadedFile>();
    const writes: Promise<void>[] = [];
    let failed = false;

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      reject(error instanceof UploadError ? error : badRequest(`Malformed multipart request: ${(error as Error)?.message ?? error}`));
    };

    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (failed) return;
      if (valueTruncated) return fail(new UploadError(413, 'LIMIT_EXCEEDED', `The "${name}" field is larger than ${MAX_FIELD_BYTES} bytes`));
      if (name === 'operations') {
        if (operations !== undefined || map !== undefined) return fail(badRequest('"operations" must be the first field, sent once'));
        operations = value;
      } else if (name === 'map') {
        if (operations === undefined) return fail(badRequest('"operations" must come before "map"'));
        if (map !== undefined) return fail(badRequest('"map" must be sent once'));
        try {
          map = parseMap(value);
        } catch (error) {
          return fail(error);
        }
      }
      // Other fields are not part of the spec; they are ignored.
    });

    parser.on('file', (field, stream, fileName, _encoding, mimeType) => {
      if (failed) return void stream.resume();
      if (operations === undefined) return fail(badRequest('A multipart GraphQL request needs an "operations" field first'));
      if (map === undefined) return fail(badRequest('"map" must come before the files'));
      if (!Object.hasOwn(map, field)) return void stream.resume();
      if (files.has(field)) return fail(badRequest(`File "${field}" was sent twice`));
      const file: UploadedFile = {
        path: join(options.tmpDir, `pavior-upload-${randomUUID()}`),
        fileName: cleanFileName(fileName),
        mimeType: mimeType || 'application/octet-stream',
        size: 0,
      };
      const sink = createWriteStream(file.path, { flags: 'wx' });
      created.push({ file, sink });
      files.set(field, file);
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          file.size += chunk.length;
          if (file.size > options.maxFileBytes) {
            callback(
              new UploadError(
                413,
                'LIMIT_EXCEEDED',
                `The file is larger than ${options.maxFileBytes.toLocaleString('en-US')} bytes (IMPORT_MAX_FILE_BYTES)`,
                { limit: 'IMPORT_MAX_FILE_BYTES', maxBytes: options.maxFileBytes },
              ),
            );
          } else callback(null, chunk);
        },
      });
      writes.push(pipeline(stream, counter, sink).catch(fail));
    });

    parser.on('filesLimit', () => fail(new UploadError(413, 'LIMIT_EXCEEDED', `At most ${MAX_FILES} files per request`)));
    parser.on('partsLimit', () => fail(new UploadError(413, 'LIMIT_EXCEEDED', 'Too many parts in the multipart request')));
    parser.on('fieldsLimit', () => fail(badRequest('Too many fields in the multipart request')));
    parser.on('error', fail);
    req.on('error', fail);
    req.on('aborted', () => fail(badRequest('The request was aborted')));
    parser.on('finish', () => {
      void Promise.all(writes).then(() => {
        if (failed) return;
        // CSRF: a form can POST multipart/form-data from any site, but it cannot make a body
        // whose `operations` field is a GraphQL request; a request without it never reaches Yoga.
        if (operations === undefined) return fail(badRequest('A multipart GraphQL request needs an "operations" field'));
        if (map === undefined) return fail(badRequest('A multipart GraphQL request needs a "map" field'));
        for (const field of Object.keys(map)) {
          if (!files.has(field)) return fail(badRequest(`File "${field}" is in "map" but was not sent`));
        }
        resolve({ operations, map, files });
      }, fail);
    });
    req.pipe(parser);
  });
}

function parseMap(text: string): Record<string, string[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('"map" is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest('"map" must be an object of file field → [paths]');
  for (const paths of Object.values(value)) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) {
      throw badRequest('"map" must be an object of file field → [paths]');
    }
  }
  return value as Record<string, string[]>;
}

/** The operations JSON with every mapped path set to its file's token (registered as it goes). */
function substituteTokens(received: Received, tokens: string[]): string {
  let operations: unknown;
  try {
    operations = JSON.parse(received.operations);
  } catch {
    throw badRequest('"operations" is not valid JSON');
  }
  if (!operations || typeof operations !== 'object') throw badRequest('"operations" must be a GraphQL request object (or a batch of them)');
  for (const [field, paths] of Object.entries(received.map)) {
    const token = `${TOKEN_PREFIX}${randomUUID()}`;
    registry.set(token, received.files.get(field)!);
    tokens.push(token);
    for (const path of paths) setAtPath(operations, path, token);
  }
  return JSON.stringify(operations);
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Sets `path` ("variables.input.file", "0.variables.files.1") inside operations; only variables may hold files. */
function setAtPath(root: unknown, path: string, value: string): void {
  const keys = path.split('.');
  const variablesAt = Array.isArray(root) ? 1 : 0;
  if (keys[variablesAt] !== 'variables' || keys.length <= variablesAt + 1) throw badRequest(`"map" path "${path}" must point into variables`);
  let node: unknown = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    if (UNSAFE_KEYS.has(key) || !node || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      throw badRequest(`"map" path "${path}" does not exist in "operations"`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys[keys.length - 1]!;
  if (UNSAFE_KEYS.has(last) || !node || typeof node !== 'object' || (Array.isArray(node) && !/^\d+$/.test(last))) {
    throw badRequest(`"map" path "${path}" does not exist in "operations"`);
  }
  (node as Record<string, unknown>)[last] = value;
}

/** The request's headers for Yoga (credentials, request id…), now describing a JSON body. */
function forwardedHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || ['content-type', 'content-length', 'transfer-encoding', 'connection', 'expect'].includes(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  headers.set('content-type', 'application/json');
  return headers;
}

async function sendResponse(res: ServerResponse, response: Response, beforeEnd: () => Promise<void>): Promise<void> {
  response.headers.forEach((value, name) => {
    if (name === 'content-length') return;
    res.appendHeader(name, value);
  });
  res.writeHead(response.status);
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
  }
  await beforeEnd();
  res.end();
}

/**
 * After refusing a request, read (and drop) a bounded rest of its body so the client sees the
 * answer rather than a reset connection; past that, the connection is closed.
 */
function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) req.destroy();
  });
  req.resume();
}

function cleanFileName(name: string | undefined): string {
  // Browsers send a bare name; some clients send a path (either separator).
  const bare = basename((name ?? '').replace(/\\/g, '/')).trim();
  return (bare || 'upload').slice(0, 255);
}
