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
        // Trusted documents: every operation gets `__meta__.hash` ("sha256:<hex>" of its printed
        // text) and persisted-documents.json maps hash → text. The server loads that manifest
        // (server/persisted-documents.ts); the client sends hashes instead of text.
        persistedDocuments: true,
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
          // An upload (createImport): a Blob or File sent as a multipart request; never returned.
          File: { input: 'Blob', output: 'never' },
        },
      },
    },
  },
};

export default config;
