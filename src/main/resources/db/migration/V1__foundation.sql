-- Raw data (users, machines, languages, pulses, xps) is the source of truth;
-- the user_*_xp tables are aggregates kept in step with it in the same transaction
-- and can always be rebuilt from it.

create table users (
    id               bigint generated always as identity primary key,
    username         text        not null,
    email            text,
    password_hash    text,
    private_profile  boolean     not null default false,
    gravatar_email   text,
    terms_accepted   date,
    created_at       timestamptz not null default now()
);
create unique index users_username_key on users (lower(username));

create table machines (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null references users (id) on delete cascade,
    name        text        not null,
    -- random per-token salt; the token itself is derived from it with the server secret,
    -- which never enters the database
    token_salt  bytea       not null,
    active      boolean     not null default true,
    created_at  timestamptz not null default now()
);
create unique index machines_user_name_key on machines (user_id, lower(name));

create table languages (
    id        bigint generated always as identity primary key,
    name      text not null,
    -- one level only: a target is never itself an alias (checked by the trigger below)
    alias_of  bigint references languages (id)
);
create unique index languages_name_key on languages (lower(name));

create function languages_one_level_alias() returns trigger language plpgsql as $$
begin
    if new.alias_of is not null then
        if new.alias_of = new.id then
            raise exception 'language % cannot be an alias of itself', new.name;
        end if;
        if exists (select 1 from languages where id = new.alias_of and alias_of is not null) then
            raise exception 'language % cannot alias another alias', new.name;
        end if;
        if exists (select 1 from languages where alias_of = new.id) then
            raise exception 'language % has aliases and cannot become one', new.name;
        end if;
    end if;
    return new;
end $$;
create trigger languages_one_level_alias before insert or update of alias_of on languages
    for each row execute function languages_one_level_alias();

create table pulses (
    id             bigint generated always as identity primary key,
    user_id        bigint      not null references users (id) on delete cascade,
    machine_id     bigint      not null references machines (id) on delete cascade,
    sent_at        timestamptz not null,   -- UTC instant (future times clamped to arrival)
    tz_offset      smallint    not null,   -- minutes east of UTC, as the client sent it
    sent_at_local  timestamp   not null,   -- sent_at + tz_offset: the user's wall clock
    -- hash of (coded_at as sent, entries): a retried pulse is stored once
    fingerprint    uuid        not null
);
create unique index pulses_machine_fingerprint_key on pulses (machine_id, fingerprint);
create index pulses_user_sent_at on pulses (user_id, sent_at);

create table xps (
    id                    bigint generated always as identity primary key,
    pulse_id              bigint  not null references pulses (id) on delete cascade,
    user_id               bigint  not null,  -- copy of the pulse's, for per-user scans
    language_id           bigint  not null references languages (id),
    original_language_id  bigint  not null references languages (id),  -- as sent, before aliasing
    amount                integer not null check (amount >= 0)
);
create index xps_pulse on xps (pulse_id);
create index xps_user on xps (user_id);
create index xps_original_language on xps (original_language_id);

create table user_language_xp (
    user_id      bigint not null references users (id) on delete cascade,
    language_id  bigint not null references languages (id),
    xp           bigint not null,
    primary key (user_id, language_id)
);

create table user_machine_xp (
    user_id     bigint not null references users (id) on delete cascade,
    machine_id  bigint not null references machines (id) on delete cascade,
    xp          bigint not null,
    primary key (user_id, machine_id)
);

create table user_day_language_xp (
    user_id      bigint not null references users (id) on delete cascade,
    local_date   date   not null,
    language_id  bigint not null references languages (id),
    xp           bigint not null,
    primary key (user_id, local_date, language_id)
);

create table user_hour_xp (
    user_id     bigint   not null references users (id) on delete cascade,
    local_hour  smallint not null check (local_hour between 0 and 23),
    xp          bigint   not null,
    primary key (user_id, local_hour)
);
