import { defineConfig } from 'drizzle-kit';

// `npm run db:generate:postgres`: the PostgreSQL twin of drizzle.config.ts (issue 13).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/postgres/schema.ts',
  out: './db/migrations-postgres',
});
