-- XP per UTC hour × language × machine: lets "languages/machines since <instant>" read a
-- bounded aggregate plus at most one partial hour of raw pulses, whatever the user's history.
create table user_utc_hour_xp (
    user_id      bigint      not null references users (id) on delete cascade,
    utc_hour     timestamptz not null,
    language_id  bigint      not null references languages (id),
    machine_id   bigint      not null references machines (id) on delete cascade,
    xp           bigint      not null,
    primary key (user_id, utc_hour, language_id, machine_id)
);

insert into user_utc_hour_xp (user_id, utc_hour, language_id, machine_id, xp)
select p.user_id, date_trunc('hour', p.sent_at, 'UTC'), x.language_id, p.machine_id, sum(x.amount)
from xps x join pulses p on p.id = x.pulse_id
group by 1, 2, 3, 4;

-- the front page's global XP history reads the last hours of everyone's pulses
create index pulses_sent_at on pulses (sent_at);
