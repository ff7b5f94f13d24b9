-- Requests with effects sent again under the same Idempotency-Key (a client retrying a prolongation after an answer
-- it lost): the first one is recorded with its fingerprint in the transaction of its effect, so the second one is
-- known and does nothing. Orders keep theirs on service_order (V100).
create table request_key (
    client_id       bigint                   not null,
    idempotency_key varchar(100)             not null,
    fingerprint     varchar(64)              not null,
    created_at      timestamp with time zone not null,
    primary key (client_id, idempotency_key)
);
