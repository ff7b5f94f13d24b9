-- The ServiceDeletionProcess instance that set a service's delete_at: when a deletion ends without deleting the
-- service (cancelled in Cockpit), it takes delete_at back only if it is this one, so a deletion another one took over
-- from leaves the newer one's alone (com.hostflow.lifecycle.deletion.ServiceDeletions.ended). It replaces asking the
-- engine at the end whether another deletion of the service still runs.
alter table service add column deletion_instance varchar(64);

-- A deletion on record from before: owned by the running deletion of the service, when the engine's tables are there
-- (they are not yet on a fresh database; nothing is on record there either).
do
$$
begin
    if to_regclass('public.act_ru_execution') is not null then
        update service s
        set deletion_instance = (select e.proc_inst_id_
                                 from public.act_ru_execution e
                                          join public.act_re_procdef d on d.id_ = e.proc_def_id_
                                 where d.key_ = 'ServiceDeletionProcess'
                                   and e.id_ = e.proc_inst_id_
                                   and e.business_key_ = s.id::text
                                 order by e.id_ desc
                                 limit 1)
        where s.delete_at is not null
          and s.status <> 'DELETED';
    end if;
end
$$;
