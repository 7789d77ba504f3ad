-- 011: monthly snapshots of the findings (问题线索) counts, so a 月报 can set a month beside the one
-- before it. The rules are evaluated against the features as they are now (an asOf only decides
-- which dated rules are in force), so a past month cannot be recomputed from today's data: its
-- counts are kept as they were when recorded. One snapshot per month, never replaced: taken by an
-- explicit run at month end (trigger month_end) or, failing that, when a report for that month is
-- first produced after it ended (trigger report); taken_at says when the data was read.
CREATE TABLE findings_snapshots (
  month    text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  taken_at timestamptz NOT NULL DEFAULT now(),
  trigger  text NOT NULL CHECK (trigger IN ('month_end', 'report'))
);
-- counts by rule (and its article), street office ('' = outside every street office) and outcome
CREATE TABLE findings_snapshot_counts (
  month   text NOT NULL REFERENCES findings_snapshots (month) ON DELETE CASCADE,
  rule    text NOT NULL,
  article text NOT NULL,
  street  text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('violation', 'unverified')),
  n       integer NOT NULL CHECK (n > 0),
  PRIMARY KEY (month, rule, street, outcome)
);
