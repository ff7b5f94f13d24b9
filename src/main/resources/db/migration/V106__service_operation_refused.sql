-- The console's overview lists the lifecycle operations the module refused (or that were given up) and that no later
-- operation of their kind settled: the refused rows are few, so a partial index finds them without reading the journal.
create index ix_service_operation_refused on service_operation (service_id, operation, at)
    where outcome in ('REJECTED', 'FAILED', 'ABORTED');
