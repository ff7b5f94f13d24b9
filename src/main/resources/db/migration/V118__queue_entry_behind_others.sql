-- An operation that waits behind every other operation in its module's queue (a drift sync's read): a round of
-- thousands of syncs on a queued module no longer holds the clients' orders and changes back for minutes.
alter table module_queue_entry add column behind_others boolean not null default false;

drop index ix_module_queue_entry_turn;
create index ix_module_queue_entry_turn on module_queue_entry (queue_id, running, behind_others, id);
