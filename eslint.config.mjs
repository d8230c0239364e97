import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const eslintConfig = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    // Routes and components reach the database only through the data access layer (db/queries).
    files: ['app/**', 'components/**', 'proxy.ts', 'auth.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/db/index', '@/db/schema', '@/db/connection', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
              message: 'Use the data access layer in db/queries instead.',
            },
          ],
        },
      ],
    },
  },
];

export default eslintConfig;
