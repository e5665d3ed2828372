// Lint with type information: the rules that catch real bugs in this codebase (floating promises,
// misused promises) and keep imports honest. Formatting is Prettier's (`npm run format`, checked in `npm test`):
// eslint-config-prettier turns off the rules that would fight it.
// The architecture: here only that src/lib imports no domain module (so an editor shows it at once); in full, with the
// layer order and import cycles, by dependency-cruiser (.dependency-cruiser.cjs). Both run in `npm run lint`.
// import-x/no-cycle is not used: it sees value imports only, which dependency-cruiser's cycle rules cover along with
// type-only imports, and it cost 12-20 s per lint (it parses the whole graph again; measured with TIMING=all) against
// ~3 s for all of dependency-cruiser.
import js from '@eslint/js';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'bench/results/**', '*.mjs', '*.mts', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Interfaces (Apollo plugins, migrations, stop hooks) require async methods that need not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // The plugin's TypeScript settings (which files it parses, with which parser), with the TypeScript resolver.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // The ground floor: src/lib names interfaces, the domain modules implement them (README, "Hoe het in elkaar zit").
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/lib',
              from: './src',
              except: ['./lib'],
              message:
                'src/lib importeert geen domeinmodule: declareer een interface in lib en laat de module die aanvullen.',
            },
          ],
        },
      ],
    },
  },
  {
    // src/ is the product; the demo (demo/) is a tool that uses it, never the other way round.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/demo', '**/demo/**'],
              message: 'src/ importeert de demo (demo/) niet: die is gereedschap, geen product.',
            },
          ],
        },
      ],
    },
  },
  {
    // The read path builds an object per row, person and audit record: hundreds a request (issue 14). On Node 20 an
    // object literal that spreads and then adds properties (`{ ...a, b: 1 }`) is some 100 times slower than one
    // without (28 µs against 0.1 µs for 18 properties, bench/README.md, "After part 7"); building the inbox's persons so
    // was a third of its CPU. Spreads go last (`{ b: 1, ...a }`, where no key is in both) or are written out.
    files: [
      'src/**/*.lezen.ts',
      'src/**/*.views.ts',
      'src/**/*.view.ts',
      'src/**/*.types.ts',
      'src/**/*-zoeken.service.ts',
      'src/**/*inzage*.ts',
      'src/audit/**/*.ts',
      'src/beleid/**/*.ts',
      'src/personen/**/*.ts',
      'src/lib/lezen.ts',
      'src/lib/regio.ts',
      'src/lib/graphql/paginering.ts',
      'src/lib/graphql/gelezen-velden.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement ~ Property',
          message:
            'Eigenschappen na een spread maken een object op het leespad zo’n 100 keer trager (Node 20): zet de spread achteraan of schrijf de velden uit (issue 14).',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  eslintConfigPrettier,
  // After Prettier's switch-off: a block that spans lines has braces (Prettier may wrap a long one-line `if`).
  { rules: { curly: ['error', 'multi-line'] } },
);
