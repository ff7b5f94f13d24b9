-- A payment is delivered to each live service of its client in a transaction of its own: the client's event is first
-- fanned out into one row per service (service_id set), in one transaction, and each of those is delivered and deleted
-- by itself. One service whose process cannot hear the payment (a delegate failing, a variable an admin set by hand in
-- Cockpit) keeps only its own row for the sweeper; it no longer holds back the payment from the client's other services.
-- A row that keeps failing is tried again less and less often (attempts, next_attempt_at), not every sweep.
alter table lifecycle_event add column service_id bigint;
alter table lifecycle_event add column attempts integer not null default 0;
alter table lifecycle_event add column next_attempt_at timestamp with time zone;
