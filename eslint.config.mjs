import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// The queue's reader skips the session check: only the function that checks it may call it.
const queueReader = {
  group: ['@/db/queries/moderation-queue', '**/moderation-queue'],
  message: 'Use listModerationQueue from db/queries/moderation, which checks the session.',
};

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
              group: ['@/db/index', '@/db/schema', '@/db/sqlite/*', '@/db/postgres/*', '@/db/connection', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
              message: 'Use the data access layer in db/queries instead.',
            },
            queueReader,
          ],
        },
      ],
    },
  },
  {
    // Every write goes through write() (db/writer.ts): one at a time, on the writing connection.
    files: ['db/queries/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.callee.name='getDb'][callee.property.name=/^(insert|update|delete)$/]",
          message: 'Write inside write((tx) => …) from db/writer.ts, not on the reading connection.',
        },
        {
          selector: "MemberExpression[property.name='transaction']",
          message: 'Use write() from db/writer.ts: it runs writes in order, in transactions, and joins an outer write.',
        },
      ],
    },
  },
  {
    files: ['db/**', 'scripts/**', 'e2e/**'],
    ignores: ['db/queries/moderation.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [queueReader] }] },
  },
];

export default eslintConfig;
