-- Corrections: XP an owner removed, kept aside for a week so that it can be put back as it was.
create table corrections (
    id            bigint generated always as identity primary key,
    user_id       bigint      not null references users (id) on delete cascade,
    created_at    timestamptz not null,
    -- what was chosen, as shown later (the machine may be renamed or deleted since)
    machine_id    bigint,
    machine_name  text,
    language_id   bigint,
    language_name text,
    range_from    timestamptz,
    range_until   timestamptz,
    range_zone    text,
    pulses        integer     not null,
    xp            bigint      not null,
    state         text        not null check (state in ('removed', 'restored', 'purged')),
    restored_at   timestamptz,
    purged_at     timestamptz
);
create index corrections_user on corrections (user_id, id);
create index corrections_removed on corrections (created_at) where state = 'removed';

-- the removed pulses and XP entries as they were stored (ids included), until restored or purged
create table correction_pulses (
    correction_id  bigint      not null references corrections (id) on delete cascade,
    pulse_id       bigint      not null,
    machine_id     bigint      not null,
    sent_at        timestamptz not null,
    tz_offset      smallint    not null,
    sent_at_local  timestamp   not null,
    fingerprint    uuid        not null,
    primary key (correction_id, pulse_id)
);

create table correction_xps (
    correction_id         bigint  not null references corrections (id) on delete cascade,
    xp_id                 bigint  not null,
    pulse_id              bigint  not null,
    language_id           bigint  not null,
    original_language_id  bigint  not null,
    amount                integer not null,
    primary key (correction_id, xp_id)
);
