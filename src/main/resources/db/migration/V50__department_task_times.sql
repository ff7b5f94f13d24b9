-- How long a department's user tasks may take (ISO-8601 durations): a task is due taskDueAfter after it was created
-- and wants a look (its follow-up date) after taskFollowUpAfter; Tasklist filters show what is overdue.
alter table department add column task_due_after varchar(32) default 'PT4H' not null;
alter table department add column task_follow_up_after varchar(32) default 'PT1H' not null;

-- the engine ids of each department's shared Tasklist filters (one per kind), kept with the department
create table department_task_filter (
    department_id bigint      not null references department (id) on delete cascade,
    kind          varchar(32) not null,
    filter_id     varchar(64) not null,
    primary key (department_id, kind)
);
