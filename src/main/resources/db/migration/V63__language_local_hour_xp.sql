-- XP per language × local hour (the user's wall clock, truncated to the hour) × machine: the
-- language pages read one language's days, weeks, machines and hours of day from it with one
-- index range, and can leave machines out (its rows are a few per coding hour of that language).
create table user_language_local_hour_xp (
    user_id      bigint    not null references users (id) on delete cascade,
    language_id  bigint    not null references languages (id),
    local_hour   timestamp not null,
    machine_id   bigint    not null references machines (id) on delete cascade,
    xp           bigint    not null,
    primary key (user_id, language_id, local_hour, machine_id)
);

insert into user_language_local_hour_xp (user_id, language_id, local_hour, machine_id, xp)
select p.user_id, x.language_id, date_trunc('hour', p.sent_at_local), p.machine_id, sum(x.amount)
from xps x join pulses p on p.id = x.pulse_id
group by 1, 2, 3, 4;
