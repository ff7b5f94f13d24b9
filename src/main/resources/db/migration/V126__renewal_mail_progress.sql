-- How far a billing run's renewal mails have come (Task_MailRenewalsBatch), written with each batch's mails in its
-- job's transaction: a charge the run's batch retry makes later reads it to tell whether the step already passed its
-- client (then it mails its service itself), instead of asking the engine about the run's process instance.
create table renewal_mail_progress (
    billing_run    varchar(64) primary key,
    last_client_id bigint      not null,
    -- the step's last batch was not full: it has read every client of the run
    done           boolean     not null
);
