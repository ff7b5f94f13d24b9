-- A product-type parameter may offer a list of values to choose from (the OS images a module installs, say): an
-- order naming another value is refused before it is paid for. No choices (null) leaves the value free text.
alter table product_type_parameter add column choices text[];
