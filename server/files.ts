import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DownloadBody, type DownloadProducer, downloadKindOf, FILES_PATH, type FileDeps, verifyDownload } from './lib/signed-urls.ts';
import { activityDownload } from './modules/events/export.ts';
import { IMPORT_ERRORS_DOWNLOAD, importErrorsDownload } from './modules/imports/error-report.ts';
import { USERS_DOWNLOAD, usersDownload } from './modules/exports/export-users.ts';
import { TEMPLATE_DOWNLOAD, templateDownload } from './modules/exports/template.ts';

/**
 * File routes: `GET /files/<kind>?…&exp=…&sig=…`, the signed download URLs that exports, import
 * error reports and templates hand out. The signature is the credential (no headers needed, so a
 * browser can follow the link); the team it names scopes every query the producer runs.
 */

/** Every kind of download. A feature that hands out links adds its producer here. */
const producers: Record<string, DownloadProducer> = {
  activity: activityDownload,
  [IMPORT_ERRORS_DOWNLOAD]: importErrorsDownload,
  [USERS_DOWNLOAD]: usersDownload,
  [TEMPLATE_DOWNLOAD]: templateDownload,
};

const REJECTIONS = {
  malformed: 'This download link is incomplete or malformed',
  bad_signature: 'This download link is not valid',
  expired: 'This download link has expired; ask for a new one',
} as const;

/**
 * The file-route handler: answers `/files/…` requests and resolves true, or resolves false for
 * any other path (the caller passes those on). `kinds` is for tests; the app serves the table above.
 */
export function createFileHandler(
  deps: FileDeps,
  kinds: Readonly<Record<string, DownloadProducer>> = producers,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0]!;
    if (!pathname.startsWith(FILES_PATH)) return false;
    if (req.method !== 'GET') {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Downloads are fetched with GET', { allow: 'GET' });
      return true;
    }
    const kind = downloadKindOf(pathname);
    const producer = kind && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
    if (!producer) {
      sendError(res, 404, 'NOT_FOUND', 'No such download');
      return true;
    }
    try {
      const verified = await verifyDownload(deps, url);
      if (!verified.ok) {
        sendError(res, 403, verified.reason.toUpperCase(), REJECTIONS[verified.reason]);
        return true;
      }
      const body = await producer.open(deps, verified.download);
      if (!body) {
        sendError(res, 404, 'NOT_FOUND', 'What this link names no longer exists');
        return true;
      }
      await streamBody(res, body);
    } catch (error) {
      console.error(error);
      // Before the headers a client can still be told; after them, a truncated file must not
      // look complete: end the connection without the final chunk.
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The download failed');
      else res.destroy();
    }
    return true;
  };
}

async function streamBody(res: ServerResponse, body: DownloadBody): Promise<void> {
  // The client may have left while the producer opened (then 'close' has already fired).
  let gone = res.destroyed;
  res.once('close', () => (gone = true));
  if (gone) return;
  res.writeHead(200, {
    'content-type': body.contentType,
    'content-disposition': contentDisposition(body.fileName),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The URL is a credential: never hand it on as a Referer.
    'referrer-policy': 'no-referrer',
  });
  for await (const chunk of body.chunks) {
    // Leaving the loop returns the producer's generators, so they stop querying.
    if (gone) return;
    if (!res.write(chunk)) {
      // Backpressure: wait until the socket takes more, or the client has gone.
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
      if (gone) return;
    }
  }
  if (!gone) res.end();
}

/**
 * `attachment` with an ASCII fallback name (letters, digits, `.`, `_`, `-`; no path, no quotes,
 * no control characters) and the full name in RFC 5987 form for clients that read it.
 */
export function contentDisposition(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const ascii =
    base
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents off: é → e
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 120) || 'download';
  const utf8 = encodeURIComponent(base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120)).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return utf8 && utf8 !== ascii ? `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}` : `attachment; filename="${ascii}"`;
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}
