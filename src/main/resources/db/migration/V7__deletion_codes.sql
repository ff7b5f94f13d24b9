-- One-time codes a client receives by SMS to delete a service of a PHONE_VERIFIED product type. Only a salted hash
-- is kept; a code expires, allows a few attempts, and is gone once used.
create table deletion_code (
    service_id bigint primary key,
    code_hash  varchar(64)              not null,
    salt       varchar(32)              not null,
    expires_at timestamp with time zone not null,
    attempts   integer                  not null,
    constraint fk_deletion_code_service foreign key (service_id) references service (id)
);
