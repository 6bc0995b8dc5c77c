// The printed schema and the generated client are committed and reviewed; these tests fail when
// either no longer matches the code that produces it.
import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen.ts';
import { printedSchema, schemaFile } from '../schema/print.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const generatedDir = resolve(root, 'client/generated');
const FIX = 'run `npm run schema:print && npm run codegen` and commit the result';

describe('committed artefacts', () => {
  it('schema/schema.graphql matches the schema', () => {
    const committed = readFileSync(schemaFile, 'utf8');
    expect(printedSchema(), `schema/schema.graphql is stale: ${FIX}`).toBe(committed);
  });

  it('client/generated/ matches codegen output', async () => {
    // `false`: return the files instead of writing them.
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);

    const expected = new Map(outputs.map((o) => [relative(root, resolve(root, o.filename)), o.content]));
    const onDisk = readdirSync(generatedDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, resolve(entry.parentPath, entry.name)));
    expect([...onDisk].sort(), `client/generated/ has stale or missing files: ${FIX}`).toEqual([...expected.keys()].sort());

    for (const [file, content] of expected) {
      const committed = readFileSync(resolve(root, file), 'utf8');
      expect(content, `${file} is stale: ${FIX}`).toBe(committed);
    }
  });
});
