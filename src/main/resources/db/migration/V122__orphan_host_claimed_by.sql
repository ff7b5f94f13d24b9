-- A twin's deletion claims its report row (action DELETING) before the module is asked. A node that died during the
-- call left the claim, and the round's task, fetched again once its lock ran out, skipped the row: the twin waited for
-- the next round's report (30 minutes in the demo; never, with rounds only on request). The claim now names the round
-- (its process instance) that took it, and that round's task takes it again.
alter table orphan_host add column claimed_by varchar(64);
