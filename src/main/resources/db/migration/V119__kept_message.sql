-- A message HostFlow sends to a process that waits for it (a payment, a deletion, an operation's withdrawal) is not
-- heard by an instance an admin suspended in Cockpit: the engine skips it, and tells nobody when it is activated. Such
-- a message is kept here for that instance and told to it again once it is active (KeptMessages), then deleted.
create table kept_message (
    process_instance_id varchar(64) not null,
    message varchar(255) not null,
    kept_at timestamp with time zone not null default now(),
    primary key (process_instance_id, message)
);
