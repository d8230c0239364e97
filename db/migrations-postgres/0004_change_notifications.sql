-- Hand-written: what SQLite's data_version tells each server (another connection wrote), PostgreSQL
-- says with NOTIFY. A statement that changes articles or page_invalidations notifies channel
-- "margin_changes" with the table's name; each Margin server listens (db/postgres/change-listener.ts).
-- NOTIFY is delivered at commit, and a transaction's same notifications are sent once.
CREATE FUNCTION "margin_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('margin_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "articles_notify_change" AFTER INSERT OR UPDATE OR DELETE ON "articles"
  FOR EACH STATEMENT EXECUTE FUNCTION "margin_notify_change"();--> statement-breakpoint
CREATE TRIGGER "page_invalidations_notify_change" AFTER INSERT ON "page_invalidations"
  FOR EACH STATEMENT EXECUTE FUNCTION "margin_notify_change"();
