-- The key of a service's parameter change while it is in progress (set with previous_addons, cleared with them): a
-- deletion that overtakes the change leaves its money out of the refund, because the change's own undo gives it back
-- whole when the module cannot apply it on the deleted service. Changes in progress before this migration have none.
alter table service add column parameter_change_key varchar(200);
