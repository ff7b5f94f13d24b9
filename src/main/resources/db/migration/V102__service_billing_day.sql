-- The day of month a service's chain of paid periods started on (BillingCalendar): a service ordered on Jan 31 is
-- paid until Feb 28 and then Mar 31, not Mar 28. Empty for services paid before it was kept: their next period
-- starts a chain on its own day.
alter table service add column billing_day integer check (billing_day between 1 and 31);
