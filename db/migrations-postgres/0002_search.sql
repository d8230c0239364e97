-- Hand-written: SQLite's articles_fts (db/migrations/0004) in PostgreSQL. Instead of an FTS5 table
-- and three triggers, a generated column: PostgreSQL recomputes it whenever headline, standfirst or
-- body_text change, so it can never fall behind. It stays out of db/postgres/schema.ts, as
-- articles_fts stays out of db/schema.ts: no select of an article carries it.
-- The words as FTS5's unicode61 remove_diacritics tokenizer sees them: lower case, accents
-- removed, no stemming, no stop words ('simple' plus unaccent), so that a search finds the same
-- articles on either database. Weights: headline A, standfirst B, body C.
-- (0004's UPDATEs of existing rows have nothing to do in a new database.)
CREATE EXTENSION IF NOT EXISTS "unaccent";--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION "margin_search" (COPY = "pg_catalog"."simple");--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION "margin_search" ALTER MAPPING FOR "hword", "hword_part", "word" WITH "unaccent", "simple";--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('margin_search', "headline"), 'A')
  || setweight(to_tsvector('margin_search', "standfirst"), 'B')
  || setweight(to_tsvector('margin_search', "body_text"), 'C')
) STORED;--> statement-breakpoint
CREATE INDEX "articles_search_idx" ON "articles" USING gin ("search");
