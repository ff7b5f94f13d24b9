-- The module operations a service's client asked for itself (a parameter change, a new root password, a deletion),
-- by the operation key the calling process gives them: the client is shown the refusals of these only, not of what an
-- admin or the provider's rules started (an admin's change of add-ons, an admin's or an automatic deletion).
create table client_operation_request (
    operation_key varchar(200) primary key,
    service_id    bigint                   not null,
    at            timestamp with time zone not null,
    constraint fk_client_operation_request_service foreign key (service_id) references service (id)
);
