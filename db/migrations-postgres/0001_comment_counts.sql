-- Hand-written: SQLite's db/migrations/0003 in PostgreSQL. comment_counts holds one row per queue
-- tab ('reported' counts flagged comments); triggers keep it equal to the real counts.
-- Statement triggers with transition tables: a bulk action moves each count once, and the rows of
-- comment_counts are changed in the order of their tab, so that two statements never wait on each
-- other crosswise (an approval and an unapproval at once do not deadlock).
INSERT INTO "comment_counts" ("tab", "n")
SELECT "tab", 0 FROM (VALUES ('pending'), ('approved'), ('spam'), ('trash'), ('reported')) AS "tabs" ("tab");--> statement-breakpoint
UPDATE "comment_counts" SET "n" = (SELECT count(*) FROM "comments" WHERE "comments"."status" = "comment_counts"."tab") WHERE "tab" <> 'reported';--> statement-breakpoint
UPDATE "comment_counts" SET "n" = (SELECT count(*) FROM "comments" WHERE "flagged") WHERE "tab" = 'reported';--> statement-breakpoint
CREATE FUNCTION "comment_counts_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "gone" jsonb := '[]';
  "come" jsonb := '[]';
  "change" record;
BEGIN
  -- The statement's rows before and after (its transition tables: none before an insert, none after a delete).
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('status', "status", 'flagged', "flagged")), '[]') INTO "gone" FROM "old_rows";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('status', "status", 'flagged', "flagged")), '[]') INTO "come" FROM "new_rows";
  END IF;
  -- A row counts in its status's tab and, when flagged, in 'reported': -1 before, +1 after. A row
  -- whose status and flag are unchanged cancels out.
  FOR "change" IN
    SELECT "tab", sum("side"."delta")::integer AS "delta"
    FROM (VALUES ("gone", -1), ("come", 1)) AS "side" ("rows", "delta"),
      jsonb_to_recordset("side"."rows") AS "r" ("status" text, "flagged" boolean),
      unnest(ARRAY["r"."status", CASE WHEN "r"."flagged" THEN 'reported' END]) AS "tab"
    WHERE "tab" IS NOT NULL
    GROUP BY "tab" HAVING sum("side"."delta") <> 0 ORDER BY "tab"
  LOOP
    UPDATE "comment_counts" SET "n" = "n" + "change"."delta" WHERE "tab" = "change"."tab";
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Three triggers, one function: PostgreSQL gives transition tables only to a trigger of one event,
-- and to none with a column list, so SQLite's comment_counts_status and comment_counts_flagged
-- (UPDATE OF status, UPDATE OF flagged) are one trigger on every update here.
CREATE TRIGGER "comment_counts_insert" AFTER INSERT ON "comments"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "comment_counts_keep"();--> statement-breakpoint
CREATE TRIGGER "comment_counts_delete" AFTER DELETE ON "comments"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "comment_counts_keep"();--> statement-breakpoint
CREATE TRIGGER "comment_counts_update" AFTER UPDATE ON "comments"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "comment_counts_keep"();
