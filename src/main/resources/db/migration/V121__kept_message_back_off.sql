-- A kept message whose delivery failed (a step of the instance throwing) was tried again every minute forever, with
-- a WARN each time. Each row now backs off: the failures so far, when it is due again (a minute after the first
-- failure, doubling to an hour), when it last warned (once an hour at most) and the last failure's message.
alter table kept_message
    add column attempts integer not null default 0,
    add column next_try_at timestamp with time zone,
    add column warned_at timestamp with time zone,
    add column last_failure varchar(300);
