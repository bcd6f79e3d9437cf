-- Customer search on PostgreSQL (src/repositories/postgres/customer-search.ts, the rules:
-- src/domain/search.ts). The counterpart of the SQLite migration of the same name, which makes
-- FTS5 trigram indexes kept by triggers, here pg_trgm GIN indexes on expressions over the tables
-- themselves, which PostgreSQL keeps current on every write (Prisma's, and the CSV importer's own
-- unnest statements), so there are no triggers and nothing to refill.
--
-- pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may create it.
--
-- What is indexed, folded as src/domain/search.ts fold() folds a query (NFD, combining marks
-- removed, lower case by Unicode's rules through ICU's root collation):
--   customer_search_fold(name)                 a name: its start (btree, code point order), any
--                                              word start or part (trigram GIN)
--   customer_search_ids(businessId, phone, fax) the numbers without separators
--                                              (src/domain/search.ts PHONE_SEPARATORS), joined by chr(3)
--   contact_search_doc(first, last, email, phone, mobile)
--                                              ' ' || first || ' ' || last, the email, and the phones
--                                              without separators, joined by chr(3)
-- No one can type chr(3) (cleanQuery removes control characters), so a piece found in a joined
-- text is inside one of its parts, as in SQLite's one column each.
-- Combining marks removed: U+0300-036F, 0483-0489, 1AB0-1AFF, 1DC0-1DFF, 20D0-20FF, FE20-FE2F
-- (Latin, Greek, Cyrillic and the general ones, where fold() removes every \p{M}).
--
-- A query must use these functions exactly as the indexes do, or PostgreSQL cannot use them.
-- (No semicolon may appear in a comment or a string here: Prisma splits the script at each one.)

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION customer_search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(regexp_replace(normalize($1, NFD), '[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g') COLLATE "und-x-icu");

CREATE FUNCTION customer_search_compact(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN translate(coalesce($1, ''), ' ' || chr(9) || chr(10) || chr(13) || chr(160) || '-' || chr(8211) || './\()[]+_,:' || chr(59) || chr(39) || '"', '');

CREATE FUNCTION customer_search_ids(text, text, text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN customer_search_fold(customer_search_compact($1) || chr(3) || customer_search_compact($2) || chr(3) || customer_search_compact($3));

CREATE FUNCTION contact_search_doc(text, text, text, text, text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN customer_search_fold(' ' || $1 || ' ' || $2 || chr(3) || $3 || chr(3) || customer_search_compact($4) || chr(3) || customer_search_compact($5));

CREATE INDEX "Customer_search_name_start_idx" ON "Customer" ((customer_search_fold("name") COLLATE "C"));
CREATE INDEX "Customer_search_name_idx" ON "Customer" USING gin (customer_search_fold("name") gin_trgm_ops);
CREATE INDEX "Customer_search_ids_idx" ON "Customer" USING gin (customer_search_ids("businessId", "phone", "fax") gin_trgm_ops);
CREATE INDEX "Contact_search_idx" ON "Contact" USING gin (contact_search_doc("firstName", "lastName", "email", "phone", "mobile") gin_trgm_ops);
