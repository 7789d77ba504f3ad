/**
 * Text that must never reach a client: database error wording, SQL state, connection strings,
 * internal table names, stack frames. Case-sensitive on purpose: our own error codes are upper case
 * (e.g. CPG_UNKNOWN) and must not read as `pg_` catalogue names.
 */
export const LEAK = /syntax error|ERROR:|relation "|column "|\bpg_|PGlite|postgres(ql)?:\/\/|SQLSTATE|invalid input syntax|\n\s+at [^\n]+:\d+:\d+|node_modules/;
