-- Queues wake the next operation when a turn frees instead of letting it poll: a waiting entry names the process
-- instance to wake, and the queue row keeps the module's limit so that a release can hand turns on by itself.
alter table module_queue add column queue_limit integer not null default 1;
alter table module_queue_entry add column process_instance_id varchar(64);
