-- Customer search (src/repositories/customer-search-sqlite.ts; the rules: src/domain/search.ts).
--
-- FTS5 indexes with the trigram tokenizer: every three-character piece of the text is a term, so a
-- quoted phrase query finds any part of a word ("ntal" in "Acme Dental"), with case and accents
-- folded ("citta" finds "Città"). One index per searched column: in a shared index a phrase found
-- in one column (every email contains "example") would be read, and refused, for the others.
-- They are contentless (the text is not stored a second time) and keyed by the rowid of the row
-- they index. What is indexed is defined once, by three views, used by the triggers, by the fill
-- below and by the consistency check (test/db/customer-search-index.test.ts):
--   CustomerSearchDoc  name: char(2,2) || name (the two markers let a query ask for the start of the
--                      name, also with one character); ids: business ID, phone and fax with
--                      separators removed ("+39 06-1234" -> "39061234"; src/domain/search.ts
--                      PHONE_SEPARATORS lists the same characters), separated by spaces
--   ContactSearchDoc   name: ' ' || first || ' ' || last (a space before each word marks word starts);
--                      email; phones: phone and mobile without separators
--   DomainSearchDoc    domain
--
-- Triggers keep the indexes current on every write, whoever writes: Prisma (wizard, edits,
-- contacts) and the CSV importer's own better-sqlite3 statements (src/repositories/import-store.ts).
--
-- A later migration that redefines Customer, Contact or CustomerDomain (Prisma's "RedefineTables":
-- CREATE new_X, copy, DROP X, RENAME) drops these triggers with the table and renumbers its rowids.
-- It must then create that table's three triggers again (copy them from here) and refill its
-- indexes, e.g. for Customer:
--   DELETE FROM "CustomerNameSearch";
--   INSERT INTO "CustomerNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "CustomerSearchDoc";
--   (the same for "CustomerIdSearch" and "ids")
-- test/db/customer-search-index.test.ts fails on a migrated database that lacks a trigger or
-- whose indexes disagree with the tables.

-- What is indexed
CREATE VIEW "CustomerSearchDoc" AS SELECT c."rowid" AS "searchRowid", char(2, 2) || c."name" AS "name",
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(c."businessId", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '')
  || ' ' || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(c."phone", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '')
  || ' ' || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(c."fax", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '') AS "ids"
  FROM "Customer" c;
CREATE VIEW "ContactSearchDoc" AS SELECT k."rowid" AS "searchRowid", ' ' || k."firstName" || ' ' || k."lastName" AS "name", k."email" AS "email",
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(k."phone", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '')
  || ' ' || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(k."mobile", ''), ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(160), ''), '-', ''), char(8211), ''), '.', ''), '/', ''), '\', ''), '(', ''), ')', ''), '[', ''), ']', ''), '+', ''), '_', ''), ',', ''), ':', ''), ';', ''), char(39), ''), '"', '') AS "phones"
  FROM "Contact" k;
CREATE VIEW "DomainSearchDoc" AS SELECT d."rowid" AS "searchRowid", d."domain" AS "domain" FROM "CustomerDomain" d;

-- Indexes
CREATE VIRTUAL TABLE "CustomerNameSearch" USING fts5("name", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE "CustomerIdSearch" USING fts5("ids", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE "ContactNameSearch" USING fts5("name", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE "ContactEmailSearch" USING fts5("email", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE "ContactPhoneSearch" USING fts5("phones", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE "DomainSearch" USING fts5("domain", tokenize = 'trigram remove_diacritics 2', content = '', contentless_delete = 1);

-- Triggers
CREATE TRIGGER "Customer_search_insert" AFTER INSERT ON "Customer" BEGIN
  INSERT INTO "CustomerNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "CustomerSearchDoc" WHERE "searchRowid" = NEW."rowid";
  INSERT INTO "CustomerIdSearch" ("rowid", "ids") SELECT "searchRowid", "ids" FROM "CustomerSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Customer_search_update" AFTER UPDATE OF "name", "businessId", "phone", "fax" ON "Customer" BEGIN
  DELETE FROM "CustomerNameSearch" WHERE "rowid" = OLD."rowid";
  DELETE FROM "CustomerIdSearch" WHERE "rowid" = OLD."rowid";
  INSERT INTO "CustomerNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "CustomerSearchDoc" WHERE "searchRowid" = NEW."rowid";
  INSERT INTO "CustomerIdSearch" ("rowid", "ids") SELECT "searchRowid", "ids" FROM "CustomerSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Customer_search_delete" AFTER DELETE ON "Customer" BEGIN
  DELETE FROM "CustomerNameSearch" WHERE "rowid" = OLD."rowid";
  DELETE FROM "CustomerIdSearch" WHERE "rowid" = OLD."rowid";
END;

CREATE TRIGGER "Contact_search_insert" AFTER INSERT ON "Contact" BEGIN
  INSERT INTO "ContactNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
  INSERT INTO "ContactEmailSearch" ("rowid", "email") SELECT "searchRowid", "email" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
  INSERT INTO "ContactPhoneSearch" ("rowid", "phones") SELECT "searchRowid", "phones" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Contact_search_update" AFTER UPDATE OF "firstName", "lastName", "email", "phone", "mobile" ON "Contact" BEGIN
  DELETE FROM "ContactNameSearch" WHERE "rowid" = OLD."rowid";
  DELETE FROM "ContactEmailSearch" WHERE "rowid" = OLD."rowid";
  DELETE FROM "ContactPhoneSearch" WHERE "rowid" = OLD."rowid";
  INSERT INTO "ContactNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
  INSERT INTO "ContactEmailSearch" ("rowid", "email") SELECT "searchRowid", "email" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
  INSERT INTO "ContactPhoneSearch" ("rowid", "phones") SELECT "searchRowid", "phones" FROM "ContactSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "Contact_search_delete" AFTER DELETE ON "Contact" BEGIN
  DELETE FROM "ContactNameSearch" WHERE "rowid" = OLD."rowid";
  DELETE FROM "ContactEmailSearch" WHERE "rowid" = OLD."rowid";
  DELETE FROM "ContactPhoneSearch" WHERE "rowid" = OLD."rowid";
END;

CREATE TRIGGER "CustomerDomain_search_insert" AFTER INSERT ON "CustomerDomain" BEGIN
  INSERT INTO "DomainSearch" ("rowid", "domain") SELECT "searchRowid", "domain" FROM "DomainSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "CustomerDomain_search_update" AFTER UPDATE OF "domain" ON "CustomerDomain" BEGIN
  DELETE FROM "DomainSearch" WHERE "rowid" = OLD."rowid";
  INSERT INTO "DomainSearch" ("rowid", "domain") SELECT "searchRowid", "domain" FROM "DomainSearchDoc" WHERE "searchRowid" = NEW."rowid";
END;
CREATE TRIGGER "CustomerDomain_search_delete" AFTER DELETE ON "CustomerDomain" BEGIN
  DELETE FROM "DomainSearch" WHERE "rowid" = OLD."rowid";
END;

-- Fill: what the database held before this migration
INSERT INTO "CustomerNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "CustomerSearchDoc";
INSERT INTO "CustomerIdSearch" ("rowid", "ids") SELECT "searchRowid", "ids" FROM "CustomerSearchDoc";
INSERT INTO "ContactNameSearch" ("rowid", "name") SELECT "searchRowid", "name" FROM "ContactSearchDoc";
INSERT INTO "ContactEmailSearch" ("rowid", "email") SELECT "searchRowid", "email" FROM "ContactSearchDoc";
INSERT INTO "ContactPhoneSearch" ("rowid", "phones") SELECT "searchRowid", "phones" FROM "ContactSearchDoc";
INSERT INTO "DomainSearch" ("rowid", "domain") SELECT "searchRowid", "domain" FROM "DomainSearchDoc";
