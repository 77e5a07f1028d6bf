-- Token buckets shared by every node (codestats.cluster=true), in Bucket4j's PostgreSQL layout:
-- state is Bucket4j's serialised bucket, expires_at (epoch ms) when it is full again and can go.
create table rate_limit_buckets (
  id text primary key,
  state bytea,
  expires_at bigint
);
create index rate_limit_buckets_expires_at on rate_limit_buckets (expires_at);

-- ShedLock's table: a scheduled job that must run once across the cluster holds its row
create table shedlock (
  name varchar(64) primary key,
  lock_until timestamp not null,
  locked_at timestamp not null,
  locked_by varchar(255) not null
);
