-- why a service is (being) deleted: CLIENT, CLIENT_AT_PERIOD_END, ADMIN or UNPAID (DeletionReason); written with the
-- deletion on record, null while none is and for services deleted before this column
alter table service add column deletion_reason varchar(24);
