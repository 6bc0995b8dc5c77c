// `npm run schema:print`: writes the committed schema file that codegen and reviewers read.
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './index.ts';

export const schemaFile = new URL('./schema.graphql', import.meta.url);

export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(schemaFile, printedSchema());
  console.log('wrote schema/schema.graphql');
}
