-- A product type's resources and parameters are rows by position, rewritten in place on every change: putting two
-- of them in another order wrote one row's new code while another row still held it, and the unique code check
-- refused the change (409 "conflicts with existing data"). The codes are now checked when the change commits, once
-- every row holds its new code; the API refuses a duplicate code before anything is written.
alter table product_type_resource drop constraint uk_product_type_resource_code;
alter table product_type_resource add constraint uk_product_type_resource_code unique (product_type_id, code)
    deferrable initially deferred;
alter table product_type_parameter drop constraint uk_product_type_parameter_code;
alter table product_type_parameter add constraint uk_product_type_parameter_code unique (product_type_id, code)
    deferrable initially deferred;
