-- A business calendar belongs to a provider that exists: a provider with a calendar was deleted and its calendar
-- stayed, naming no provider (helper-44's race probe; the deletion is refused now). Calendars left so before are
-- deleted with their holidays, and the key keeps it so.
delete from business_holiday where calendar_id in (
    select c.id from business_calendar c where not exists (select 1 from provider p where p.id = c.provider_id));
delete from business_calendar c where not exists (select 1 from provider p where p.id = c.provider_id);
alter table business_calendar add constraint fk_business_calendar_provider
    foreign key (provider_id) references provider (id);
