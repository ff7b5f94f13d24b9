-- The paid-until whose expiry reminders were planned (ServiceExpiryReminderProcess, started by the billing run):
-- once per paid period, however often the run looks. ix_service_due (paid_until, id) serves the run's query.
alter table service add column reminders_for timestamp with time zone;
