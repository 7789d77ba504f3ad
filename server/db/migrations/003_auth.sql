-- 003: accounts. Roles: viewer (read), editor (write the layers in user_layers), admin (everything).
-- Secrets are never stored: passwords as argon2id hashes, session and API tokens as SHA-256 of a
-- 256-bit random value (high entropy, so a fast hash is enough and allows lookup by hash).

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  display_name  text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
  role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  password_hash text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- "Admin" and "admin" are one account: sign-in is case-insensitive on the name.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- The layers an editor may change. Admins need no rows here.
CREATE TABLE user_layers (
  user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  layer_id text NOT NULL REFERENCES layers (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, layer_id)
);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   text NOT NULL UNIQUE,
  -- the first characters of the token, so a user can tell their tokens apart without the secret
  prefix       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
