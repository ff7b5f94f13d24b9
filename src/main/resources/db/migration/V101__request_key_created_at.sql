-- The clean-up of request keys past their retention (RequestKeyCleanup) takes the oldest first, a small batch at a
-- time: without this index each batch reads the whole table.
create index request_key_created_at on request_key (created_at);
