-- Recovery addresses are confirmed by their owner before a password reset is mailed to them.
-- Every address already stored counts as confirmed: these accounts have used them for resets
-- all along (the original service, whose accounts are imported with their addresses, never
-- confirmed any), and making them unconfirmed now would silently take the way back into their
-- accounts from every existing user. An import of such accounts sets email_confirmed = true
-- on its rows for the same reason. New rows default to unconfirmed: an address given at
-- sign-up counts only after its owner opened the link mailed to it.
alter table users add column email_confirmed boolean not null default true;
alter table users alter column email_confirmed set default false;

-- Bumped by every password change or reset: credentials handed to a browser (the live
-- socket's channel token) carry the generation they were made in and die with it.
alter table users add column credentials_generation bigint not null default 0;

-- Links that confirm an address: mailed to the new address, single use, valid 24 hours, only
-- the SHA-256 of the token stored. Until one is opened, users.email (the address in force)
-- stays as it was. A password change, a reset and a confirmed change delete them all.
create table email_confirmations (
    token_hash  bytea       primary key,
    user_id     bigint      not null references users (id) on delete cascade,
    email       text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);
create index email_confirmations_user on email_confirmations (user_id);
create index email_confirmations_expires_at on email_confirmations (expires_at);
