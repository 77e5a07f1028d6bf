-- Who made each language and when, so that the languages one user may create per day can be
-- capped. Languages made before this (and by an administrator's alias) have no creator.
alter table languages
    add column created_by bigint references users (id) on delete set null,
    add column created_at timestamptz not null default now();
create index languages_created_by on languages (created_by, created_at) where created_by is not null;

-- /aliases lists languages that a public profile has XP in: found from the per-user totals
create index user_language_xp_language on user_language_xp (language_id);
