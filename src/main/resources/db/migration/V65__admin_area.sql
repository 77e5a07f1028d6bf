-- The admin area. An administrator can disable an account (log-ins, tokens and the profile
-- are refused; the data stays), users can opt out of announcements by mail, and junk
-- languages can be kept off /aliases.
alter table users
    add column disabled boolean not null default false,
    add column mail_opt_out boolean not null default false;
alter table languages add column hidden boolean not null default false;

-- Admins granted in the area; the first ones come from configuration (codestats.admin.usernames).
create index languages_alias_of on languages (alias_of) where alias_of is not null;

create table admin_roles (
    user_id     bigint      primary key references users (id) on delete cascade,
    granted_by  text        not null,
    granted_at  timestamptz not null default now()
);

-- Every admin action: who, when, what. The actor's name is copied: the log outlives accounts.
create table admin_audit (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor_id    bigint,
    actor_name  text        not null,
    action      text        not null,
    detail      text        not null
);
create index admin_audit_at on admin_audit (at desc, id desc);

-- Mass mails and their recipients. A recipient is claimed (committed) before its mail goes out
-- and marked sent after: a send cut short by a restart resumes with the unclaimed ones and never
-- mails anyone twice.
create table admin_mailings (
    id             bigint generated always as identity primary key,
    subject        text        not null,
    body_markdown  text        not null,
    created_by     text        not null,
    created_at     timestamptz not null default now(),
    finished_at    timestamptz
);
create table admin_mailing_recipients (
    mailing_id  bigint      not null references admin_mailings (id) on delete cascade,
    user_id     bigint      not null,
    claimed_at  timestamptz,
    sent_at     timestamptz,
    outcome     text,
    primary key (mailing_id, user_id)
);
create index admin_mailing_recipients_unclaimed on admin_mailing_recipients (mailing_id, user_id)
    where claimed_at is null;
