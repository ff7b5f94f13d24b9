-- A notification's delivery (status, attempts, the sender's claim and lease, the subject as sent) moves into a narrow
-- row of its own. The sender claims a row and marks it sent: two updates, neither HOT (the status is indexed for the
-- claim), and each leaves a dead copy of the row until a vacuum. Of the whole message with its model that copy was
-- some 1.2 KiB; of the delivery row it is some 150 bytes. The message itself is written once and never updated by the
-- sender.
create table notification_delivery (
    notification_id bigint primary key references notification (id) on delete cascade,
    -- PENDING → SENDING (claimed under a lease) → SENT; FAILED after the last attempt; SKIPPED when there is no
    -- address; HANDLED when staff dealt with a FAILED one by other means
    status          varchar(16)   not null,
    attempts        integer       not null,
    next_attempt_at timestamp with time zone not null,
    claimed_by      varchar(100),
    claim_token     varchar(64),
    lease_until     timestamp with time zone,
    subject         varchar(500),
    last_error      varchar(2000),
    sent_at         timestamp with time zone
);

insert into notification_delivery (notification_id, status, attempts, next_attempt_at, claimed_by, claim_token,
                                   lease_until, subject, last_error, sent_at)
select id, status, attempts, next_attempt_at, claimed_by, claim_token, lease_until, subject, last_error, sent_at
from notification;

drop index ix_notification_due;
create index ix_notification_due on notification_delivery (status, next_attempt_at);

alter table notification
    drop column status,
    drop column attempts,
    drop column next_attempt_at,
    drop column claimed_by,
    drop column claim_token,
    drop column lease_until,
    drop column subject,
    drop column last_error,
    drop column sent_at;
