-- 010: the sign-in limit's counters live in the database, so every app process on one database
-- counts the same failed sign-ins (in memory, two processes behind a load balancer gave an
-- attacker twice the guesses, and a restart forgot them all). One row per limiter key (a client
-- IP or an account name, with the limiter's scope): failures in the current window and its end.
CREATE TABLE login_attempts (
  key      text PRIMARY KEY,
  hits     integer NOT NULL CHECK (hits >= 0),
  reset_at timestamptz NOT NULL
);
