-- The billing run a charge was made by (its BillingRunProcess instance id; null for every other charge): after its
-- lanes the run writes one renewal mail per client from its own charges, selected by this column. Only the run's own
-- charge of a prolongation carries it, not one a payment makes later for the same prolongation.
alter table charge add column billing_run varchar(64);
create index ix_charge_billing_run on charge (billing_run, client_id) where billing_run is not null;
