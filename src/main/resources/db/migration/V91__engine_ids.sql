-- The Camunda engine's ids (com.hostflow.lifecycle.EngineIds): each node draws a block of 1,000 numbers with one
-- nextval, so the increment is the block size. The sequence starts at a random multiple of 1,000 between 10^12 and
-- 10^13: an engine id also ends up outside the database (a module operation's key, stored on the VM it creates, is
-- made of the service's id and a process instance's id), and a random start keeps a new installation from reusing
-- the ids of an earlier one against the same VMmanager.
do
$$
begin
    execute format('create sequence engine_id as bigint increment by 1000 minvalue 1 start with %s',
                   (1000000000 + floor(random() * 9000000000))::bigint * 1000);
end
$$;
