-- A version per client (JPA @Version) for the REST API's ETag and If-Match, as the catalog's (V97).
alter table client add column version bigint not null default 0;
