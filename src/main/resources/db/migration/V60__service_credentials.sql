-- What a processing module created for the client of a service: the panel login and password, the machine's root
-- password, the panel's address. Passwords are AES-GCM ciphertext (security/SecretCipher, HOSTFLOW_SECRET_KEY, the
-- same key and rotation as processing-module passwords). Runs on PostgreSQL and H2.
create table service_credentials (
    service_id              bigint primary key,
    client_id               bigint        not null,
    login                   varchar(254),
    password_encrypted      varchar(1000),
    root_password_encrypted varchar(1000),
    panel_url               varchar(1000),
    -- what an operation still running chose (a VM being created, a password being changed), as AES-GCM of JSON;
    -- in force once the module says that operation (pending_operation_key) completed
    pending_operation_key   varchar(255),
    pending_encrypted       text,
    updated_at              timestamp with time zone not null,
    version                 bigint        not null
);

create index ix_service_credentials_client on service_credentials (client_id);
