-- A parameter change that costs less (a decrease) is credited once the module has applied it, not when it is asked
-- for: a client credited at once could spend the credit on another service before the module refused the decrease,
-- and the credit could not be taken back from an empty balance. Until the module answers, its parts wait here,
-- priced as the client was shown them; then BOOKED (a credit under the same key) or DROPPED (never credited).
create table change_credit_held (
    credit_key  varchar(200)  primary key,
    change_key  varchar(200)  not null,
    client_id   bigint        not null,
    provider_id bigint        not null,
    service_id  bigint        not null,
    amount      numeric(19,2) not null,
    period_from date,
    period_to   date,
    description varchar(500)  not null,
    outcome     varchar(10),
    constraint fk_change_credit_held_client foreign key (client_id) references client (id),
    constraint ck_change_credit_held_amount_positive check (amount > 0),
    constraint ck_change_credit_held_outcome check (outcome in ('BOOKED', 'DROPPED'))
);
create index ix_change_credit_held_change on change_credit_held (change_key);
