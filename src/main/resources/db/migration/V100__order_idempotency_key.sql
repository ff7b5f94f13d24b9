-- An order sent again with the same Idempotency-Key (a client retrying after a lost answer, a form submitted twice)
-- is the first order, not a second service: the key is unique per client, and the request's fingerprint tells the
-- same order from another one sent under a key used before. Null for orders placed without a key.
alter table service_order add column idempotency_key varchar(100);
alter table service_order add column request_fingerprint varchar(64);
create unique index uq_service_order_idempotency_key on service_order (client_id, idempotency_key)
    where idempotency_key is not null;
