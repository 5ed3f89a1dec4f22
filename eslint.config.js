// Lint: typescript-eslint's recommended rules plus the import boundaries STYLE.md describes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The core stays pure: machines and domain rules never reach for a vendor SDK or the network.
    files: ['src/domain/**', 'src/workflows/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@slack/*', '@pagerduty/*', '@datadog/*', '@sentry/*', '@supabase/*', 'pg', '@electric-sql/*', 'node:http', 'node:https'], message: 'the core is pure: vendors live in src/integrations behind a port' },
          { group: ['../integrations/*', '../handlers/*', '../main.js'], message: 'imports point inward' },
        ],
      }],
    },
  },
);
