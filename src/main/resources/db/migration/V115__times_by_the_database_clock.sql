-- Times that rules compare with "now" are taken and judged by the database's own clock (clock_timestamp()), which the
-- demo's moved clock (PUT /api/v1/dev/clock) leaves alone, as the module queue's and the outbox's leases are.

-- When an attempt of a module operation was journaled: whether an open whose answer never came may still be on its
-- way (OperationJournal.mayStillRun) is judged by it. The journal's "at" stays the application's time (what Cockpit,
-- the audit and the API show). Added without a default first, so the table is not rewritten: only attempts still
-- unanswered are ever judged by it, and those get their time (never one ahead of the database's clock).
alter table service_operation add column called_at timestamp with time zone;
alter table service_operation alter column called_at set default clock_timestamp();
update service_operation set called_at = least(at, clock_timestamp()) where outcome = 'STARTED';

-- When an Idempotency-Key was recorded, which its retention counts from (RequestKeys): a key recorded while the demo's
-- clock was ahead counts from now.
alter table request_key alter column created_at set default clock_timestamp();
update request_key set created_at = clock_timestamp() where created_at > clock_timestamp();
