-- The catalog's version, for the snapshots every node keeps of tariffs, product types and modules
-- (CatalogLookupService). Every statement that writes a catalog table updates this one row, whoever runs it: this
-- node's Hibernate, another node, an admin in psql. A reader takes the row's xmin, the id of the transaction that last
-- changed the catalog, as the version: a node's snapshot tagged with the version it sees now is current. An xmin is
-- never reused for another change (a counter would be: an edit that rolled back and the next one would share a
-- number), and a transaction's own uncommitted change shows only to itself.
create table catalog_version (
    id      smallint primary key check (id = 1),
    changes bigint   not null
);

insert into catalog_version (id, changes) values (1, 0);

create function catalog_changed() returns trigger
    language plpgsql as
$$
begin
    update hostflow.catalog_version set changes = changes + 1 where id = 1;
    return null;
end
$$;

-- one trigger per table of the catalog feature (CatalogVersionTest checks that none is missing); before the statement,
-- so that a transaction that writes the catalog takes the version row's lock before any catalog row's: two edits
-- queue up at their first write instead of deadlocking on each other's rows
do
$$
declare
    catalog_table text;
begin
    foreach catalog_table in array array['provider', 'data_center', 'department', 'department_task_filter',
        'business_calendar', 'business_holiday', 'product_type', 'product_type_resource', 'product_type_parameter',
        'product_type_period', 'processing_module', 'tariff_group', 'tariff_plan', 'tariff_price', 'tariff_addon',
        'tariff_addon_price', 'tariff_processing_module']
    loop
        execute format('create trigger catalog_changed before insert or update or delete on hostflow.%I'
                           || ' for each statement execute function hostflow.catalog_changed()', catalog_table);
        execute format('create trigger catalog_truncated before truncate on hostflow.%I'
                           || ' for each statement execute function hostflow.catalog_changed()', catalog_table);
    end loop;
end
$$;
