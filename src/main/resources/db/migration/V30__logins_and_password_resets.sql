-- "Remember me" logins (Spring Security's persistent token scheme): one row per remembered
-- browser; logging out or changing the password deletes all of the user's rows.
create table persistent_logins (
    username   text        not null,
    series     text        primary key,
    token      text        not null,
    last_used  timestamp   not null
);
create index persistent_logins_username on persistent_logins (username);

-- Password reset links: only a SHA-256 of the token is stored, so a copy of the database
-- cannot be used to take over accounts. Single use (deleted when used), valid 4 hours.
create table password_resets (
    token_hash  bytea       primary key,
    user_id     bigint      not null references users (id) on delete cascade,
    expires_at  timestamptz not null
);
create index password_resets_user on password_resets (user_id);
create index password_resets_expires_at on password_resets (expires_at);
