-- An Idempotency-Key is the caller's own (the login that sent it) within the client it acts for: an admin who sent a
-- key the client had used for an order got 409, or the client's answer to another request. Keys recorded before
-- this column keep caller '' and stay one namespace for everyone of the client until they expire, so a retry sent
-- across the upgrade still finds its first request.
alter table request_key add column caller varchar(255) not null default '';
alter table request_key drop constraint request_key_pkey;
alter table request_key add primary key (client_id, caller, idempotency_key);
