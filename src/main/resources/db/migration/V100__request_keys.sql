-- Requests with effects sent again under the same Idempotency-Key (a client retrying an order or a prolongation after
-- an answer it lost, a form submitted twice): the first one is recorded with its fingerprint and what it made, in the
-- transaction of its effect, so the second one is known, answers with what the first made and does nothing.
create table request_key (
    client_id       bigint                   not null,
    idempotency_key varchar(100)             not null,
    kind            varchar(16)              not null,
    fingerprint     varchar(64)              not null,
    result_id       bigint                   not null,
    created_at      timestamp with time zone not null,
    primary key (client_id, idempotency_key)
);
