-- Per-item privacy: a machine or a language can be left out of the public profile (and every
-- public figure) while its owner still sees it.
alter table machines add column hidden boolean not null default false;

create table hidden_languages (
    user_id bigint not null references users (id) on delete cascade,
    language_id bigint not null references languages (id) on delete cascade,
    primary key (user_id, language_id)
);
