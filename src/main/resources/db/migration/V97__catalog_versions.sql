-- A version per catalog row (JPA @Version): the REST API derives a strong ETag from it and refuses a PUT or DELETE
-- whose If-Match names an older one (412), so two admins editing the same entry no longer overwrite each other.
alter table data_center add column version bigint not null default 0;
alter table department add column version bigint not null default 0;
alter table provider add column version bigint not null default 0;
alter table processing_module add column version bigint not null default 0;
alter table product_type add column version bigint not null default 0;
alter table tariff_group add column version bigint not null default 0;
alter table tariff_plan add column version bigint not null default 0;
alter table business_calendar add column version bigint not null default 0;
