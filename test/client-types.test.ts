// The type test: test/types/consumer.ts, a small integrator program, compiles against the
// generated client; the same program against a client generated from a schema with a breaking
// change (a field's type, a removed enum value) does not. `npm run typecheck` compiles the
// consumer too, so CI fails on the real thing.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../codegen.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pavior-types-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };

/** tsc --noEmit over `files` with the project's compiler options; resolves its exit code and output. */
function tsc(dir: string, files: string[]): Promise<{ code: number; output: string }> {
  writeFileSync(join(dir, 'tsconfig.types.json'), JSON.stringify({ compilerOptions, files }));
  return new Promise((resolve) => {
    execFile(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(dir, 'tsconfig.types.json')], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** A copy of client/ generated from `schema`, with the consumer beside it at the same relative path. */
async function clientFrom(schema: string): Promise<string> {
  const dir = mkdtempSync(join(work, 'project-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cpSync(join(root, 'client'), join(dir, 'client'), { recursive: true, filter: (src) => !src.includes(`${join('client', 'generated')}`) });
  mkdirSync(join(dir, 'test/types'), { recursive: true });
  cpSync(join(root, 'test/types/consumer.ts'), join(dir, 'test/types/consumer.ts'));
  writeFileSync(join(dir, 'schema.graphql'), schema);
  const [output] = Object.values(config.generates);
  await generate({ ...config, schema: join(dir, 'schema.graphql'), documents: [join(root, 'client/operations/**/*.graphql')], generates: { [join(dir, 'client/generated/')]: output! }, cwd: dir, silent: true }, true);
  return dir;
}

/** `type User implements Node { … }` with `edit` applied to its body only. */
function editType(schema: string, header: string, edit: (body: string) => string): string {
  const start = schema.indexOf(header);
  const end = schema.indexOf('\n}\n', start);
  expect(start, header).toBeGreaterThanOrEqual(0);
  return schema.slice(0, start) + edit(schema.slice(start, end)) + schema.slice(end);
}

describe('type test: test/types/consumer.ts', () => {
  it('compiles against the generated client', async () => {
    const result = await tsc(root, [join(root, 'test/types/consumer.ts')]);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails to compile after a breaking schema change', async () => {
    const schema = readFileSync(join(root, 'schema/schema.graphql'), 'utf8');
    let broken = editType(schema, 'type User implements Node {', (body) => body.replace('\n  email: String\n', '\n  email: Int\n'));
    broken = editType(broken, 'enum UserStatus {', (body) => body.replace('\n  ARCHIVED', ''));
    expect(broken).not.toBe(schema);

    const dir = await clientFrom(broken);
    const result = await tsc(dir, [join(dir, 'test/types/consumer.ts')]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/consumer\.ts\(\d+,\d+\): error TS\d+: .*'toLowerCase'/);
    expect(result.output).toMatch(/consumer\.ts\(\d+,\d+\): error TS\d+: .*"ARCHIVED"/);
  });
});
