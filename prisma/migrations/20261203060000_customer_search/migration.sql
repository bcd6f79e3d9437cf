-- Customer search (src/repositories/customer-search-sqlite.ts; the rules: src/domain/search.ts).
--
-- FTS5 indexes with the trigram tokenizer: every three-character piece of the text is a term, so a
-- quoted phrase query finds any part of a word ("ntal" in "Acme Dental"), with case and accents
-- folded ("citta" finds "Città"). One index per table, one row per row of the table, keyed by
-- its rowid; contentless (the text is not stored a second time). Indexing costs the CSV import
-- about 0.6 µs per character (more than writing the row), so as little is indexed as the search
-- needs: a customer's name and numbers share one index, a contact's name, email and phones
-- another; domains are not in a trigram index (their start is found with CustomerDomain's own
-- index, and a contact's email holds its domain). What is indexed is defined once, by two views,
-- used by the triggers, by the fill below and by the consistency check
-- (test/db/customer-search-index.test.ts):
--   CustomerSearchDoc  name: char(2,2) || name (the two markers let a query ask for the start of the
--                      name, also with one character); ids: business ID, phone and fax with
--                      separators removed ("+39 06-1234" -> "39061234"; src/domain/search.ts
--                      PHONE_SEPARATORS lists the same characters), joined by char(3)
--   ContactSearchDoc   name: ' ' || first || ' ' || last (a space before each word marks word
--                      starts); email; phones: phone and mobile without separators, joined by char(3)
-- Only names hold spaces and char(2): a query for a name or word start finds names alone. No one
-- can type char(2) or char(3) (src/domain/search.ts cleanQuery removes control characters).
--
-- Triggers keep the indexes current on every write, whoever writes: Prisma (wizard, edits,
-- contacts) and the CSV importer's own better-sqlite3 statements (src/repositories/import-store.ts).
--
-- A later migration that redefines Customer or Contact (Prisma's "RedefineTables":
-- CREATE new_X, copy, DROP X, RENAME) drops these triggers with the table and renumbers its rowids.
-- It must then create that table's three triggers again (copy them from here) and refill its
-- index, e.g. for Customer:
--   DELETE FROM "CustomerSearch";
--   INSERT INTO "CustomerSearch" ("rowid", "name", "ids") SELECT "searchRowid", "name", "ids" FROM "CustomerSearchDoc";
-- test/db/customer-search-index.test.ts fails on a migrated database that lacks a trigger or
-- whose indexes disagree with the tables.

-- What is indexed
CREATE VIEW "CustomerSearchDoc" AS SELECT c."rowid" AS "searchRowid", char(2, 2) || c."name" AS "name",
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(c."businessId", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '')
  || char(3) || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(c."phone", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '')
  || char(3) || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(c."fax", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '') AS "ids"
  FROM "Customer" c;
CREATE VIEW "ContactSearchDoc" AS SELECT k."rowid" AS "searchRowid", ' ' || k."firstName" || ' ' || k."lastName" AS "name", k."email" AS "email",
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(k."phone", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '')
  || char(3) || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(k."mobile", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '') AS "phones"
  FROM "Contact" k;

-- Indexes
CREATE VIRTUAL TABLE "CustomerSearch" USING fts5("name", "ids", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE "ContactSearch" USING fts5("name", "email", "phones", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);

-- Triggers
CREATE TRIGGER "Customer_search_insert" AFTER INSERT ON "Customer" BEGIN
  INSERT INTO "CustomerSearch" ("rowid", "name", "ids") SELECT "searchRowid", "name", "ids" FROM "CustomerSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Customer_search_update" AFTER UPDATE OF "name", "businessId", "phone", "fax" ON "Customer" BEGIN
  DELETE FROM "CustomerSearch" WHERE "rowid" = OLD."rowid";
  INSERT INTO "CustomerSearch" ("rowid", "name", "ids") SELECT "searchRowid", "name", "ids" FROM "CustomerSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Customer_search_delete" AFTER DELETE ON "Customer" BEGIN
  DELETE FROM "CustomerSearch" WHERE "rowid" = OLD."rowid";
END;

CREATE TRIGGER "Contact_search_insert" AFTER INSERT ON "Contact" BEGIN
  INSERT INTO "ContactSearch" ("rowid", "name", "email", "phones") SELECT "searchRowid", "name", "email", "phones" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Contact_search_update" AFTER UPDATE OF "firstName", "lastName", "email", "phone", "mobile" ON "Contact" BEGIN
  DELETE FROM "ContactSearch" WHERE "rowid" = OLD."rowid";
  INSERT INTO "ContactSearch" ("rowid", "name", "email", "phones") SELECT "searchRowid", "name", "email", "phones" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Contact_search_delete" AFTER DELETE ON "Contact" BEGIN
  DELETE FROM "ContactSearch" WHERE "rowid" = OLD."rowid";
END;

-- Fill: what the database held before this migration
INSERT INTO "CustomerSearch" ("rowid", "name", "ids") SELECT "searchRowid", "name", "ids" FROM "CustomerSearchDoc";
INSERT INTO "ContactSearch" ("rowid", "name", "email", "phones") SELECT "searchRowid", "name", "email", "phones" FROM "ContactSearchDoc";
