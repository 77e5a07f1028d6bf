-- HTTP sessions shared by every app node (Spring Session JDBC, used when codestats.cluster is
-- on; one node keeps its sessions in memory). Spring Session's own PostgreSQL schema, created
-- here rather than by its initializer so that Flyway alone owns the schema. The principal
-- name (a username) is text: the session index must hold every username there is. Expired
-- rows are deleted by Spring Session's cleanup job on each node (an idempotent delete).
create table spring_session (
    primary_id            char(36) not null,
    session_id            char(36) not null,
    creation_time         bigint   not null,
    last_access_time      bigint   not null,
    max_inactive_interval int      not null,
    expiry_time           bigint   not null,
    principal_name        text,
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);

-- Remembered log-ins keep only the SHA-256 (hex) of each token, as password reset links do:
-- a copy of the table cannot log anyone in. The cookies browsers hold stay valid.
update persistent_logins set token = encode(sha256(convert_to(token, 'UTF8')), 'hex');
comment on column persistent_logins.token is 'hex SHA-256 of the token the cookie holds';
