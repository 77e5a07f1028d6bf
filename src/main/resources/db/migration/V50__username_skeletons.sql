-- The confusable skeleton (Unicode TR39) of each username: a new name whose skeleton equals
-- an existing one's is refused by this index, race-free. Existing rows are filled at start-up
-- by UsernameSkeletons (the skeleton needs ICU's confusables data, which SQL does not have);
-- an existing name that already looks like an older one keeps a null skeleton.
alter table users add column username_skeleton text;
create unique index users_username_skeleton_key on users (username_skeleton);
