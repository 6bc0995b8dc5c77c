// DESIGN.md: the SDK in client/ imports only client/generated and graphql-ws (and type-only
// packages), so it runs in browsers and never pulls the server in. The command line in
// client/cli/ is a Node.js consumer of the SDK, outside that rule; nothing in the SDK imports it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const clientDir = fileURLToPath(new URL('../client/', import.meta.url));
const ALLOWED_PACKAGES = new Set(['graphql-ws', '@graphql-typed-document-node/core']);

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)].map((m) => m[1]!);
}

describe('client/ dependency boundary', () => {
  const sdkFiles = readdirSync(clientDir).filter((name) => name.endsWith('.ts'));

  it('the SDK imports only itself, client/generated, graphql-ws and type packages', () => {
    expect(sdkFiles).toEqual(expect.arrayContaining(['index.ts', 'transport.ts', 'live.ts', 'pages.ts', 'imports.ts']));
    expect(importsOf(join(clientDir, 'live.ts'))).toEqual(['graphql-ws', './transport.ts']);
    for (const name of sdkFiles) {
      for (const specifier of importsOf(join(clientDir, name))) {
        const ok = /^\.\/(generated\/)?[\w-]+\.ts$/.test(specifier) || ALLOWED_PACKAGES.has(specifier);
        expect(ok, `client/${name} imports "${specifier}"`).toBe(true);
      }
    }
  });

  it('the SDK never imports the command line', () => {
    for (const name of sdkFiles) expect(importsOf(join(clientDir, name)).some((s) => s.includes('cli'))).toBe(false);
  });
});
