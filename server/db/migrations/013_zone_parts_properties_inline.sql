-- 013: a zone part's copy of its zone's attributes (012) is kept in the row, not in the TOAST table.
-- A part's polygon (up to 256 vertices, storage MAIN) makes most rows longer than the 2 kB at which
-- PostgreSQL starts moving values out of line, and it moves the EXTENDED columns first: the 20-byte
-- `properties` went to TOAST in every part. The violation scan reads it for each site–part pair
-- (nrmm.low_stage: the zone's min_stage), and each read was a TOAST index look-up: 2.8 million extra
-- buffer reads on 100 000 sites × 1 000 zones, about a fifth of the statement's CPU
-- (server/features/rules/violations.sql.ts). With MAIN the value stays in the row while the row fits
-- its page. A storage change only applies to rows written after it: the UPDATE writes every row anew
-- (a concatenation is a new value, so the old TOAST pointer is not carried over).
ALTER TABLE zone_parts ALTER COLUMN properties SET STORAGE MAIN;

UPDATE zone_parts SET properties = properties || '{}'::jsonb;
