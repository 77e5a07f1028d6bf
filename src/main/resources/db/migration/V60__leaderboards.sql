-- Plausibility before ranking: each user's XP per UTC minute (all machines together), and the
-- part of it beyond the configured cap, per UTC hour and language, which boards subtract.
create table leaderboard_minute_xp (
    user_id  bigint      not null references users (id) on delete cascade,
    minute   timestamptz not null,
    xp       bigint      not null,
    primary key (user_id, minute)
);

create table leaderboard_unranked_xp (
    user_id      bigint      not null references users (id) on delete cascade,
    utc_hour     timestamptz not null,
    language_id  bigint      not null references languages (id),
    xp           bigint      not null,
    primary key (user_id, utc_hour, language_id)
);

-- Users an administrator took off the boards (their profile stays as it is).
create table leaderboard_exclusions (
    user_id      bigint      primary key references users (id) on delete cascade,
    excluded_by  bigint      references users (id) on delete set null,
    excluded_at  timestamptz not null default now()
);

-- Existing XP: the same split as ingestion makes, so boards are fair from the start. The cap
-- is the default (2,000 XP per minute); a different configured cap applies from then on.
insert into leaderboard_minute_xp (user_id, minute, xp)
select p.user_id, date_trunc('minute', p.sent_at, 'UTC'), sum(x.amount)
from xps x join pulses p on p.id = x.pulse_id
group by 1, 2;

insert into leaderboard_unranked_xp (user_id, utc_hour, language_id, xp)
select user_id, date_trunc('hour', minute, 'UTC'), language_id, sum(excess)
from (
    select l.user_id, l.minute, l.language_id,
           -- the minute's excess, split over its languages in proportion to their XP
           (m.xp - 2000) * l.xp / m.xp as excess
    from (select p.user_id, date_trunc('minute', p.sent_at, 'UTC') as minute, x.language_id, sum(x.amount) as xp
          from xps x join pulses p on p.id = x.pulse_id group by 1, 2, 3) l
    join leaderboard_minute_xp m on m.user_id = l.user_id and m.minute = l.minute
    where m.xp > 2000) e
where excess > 0
group by 1, 2, 3;
