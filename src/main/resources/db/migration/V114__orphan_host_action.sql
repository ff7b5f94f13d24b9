-- what the OrphanHostPolicy table said of a host in the orphan report: REPORT (a person decides) or DELETE_TWIN (a
-- second host a live service's own open made, which the round deletes; the row goes once it is deleted)
alter table orphan_host add column action varchar(16) not null default 'REPORT';
