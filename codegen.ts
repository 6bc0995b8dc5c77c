// `npm run codegen`: generates the typed client documents in client/generated/ from the committed
// printed schema (never from a running server) and the documents in client/operations/.
// test/generated.test.ts runs this same config and fails when the committed output is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['client/operations/**/*.graphql'],
  generates: {
    'client/generated/': {
      preset: 'client',
      presetConfig: {
        // Plain result types; the client does not mask fragments.
        fragmentMasking: false,
      },
      config: {
        // Documents as typed strings (`TypedDocumentString`): the client sends them as they are,
        // so it needs no `graphql` runtime to print an AST.
        documentMode: 'string',
        useTypeImports: true,
        // tsconfig uses NodeNext + allowImportingTsExtensions: relative imports need an extension.
        importExtension: '.ts',
        enumsAsTypes: true,
        // An unknown scalar would otherwise become `any`.
        strictScalars: true,
        scalars: {
          ID: 'string',
          DateTime: 'string',
          JSON: 'unknown',
        },
      },
    },
  },
};

export default config;
