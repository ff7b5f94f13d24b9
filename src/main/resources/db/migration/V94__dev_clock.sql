-- The demo's moved clock (PUT /api/v1/dev/clock) as an offset from the real time, so that a restart keeps it. A clock
-- that jumped back to the real time on a restart left every job lock, external-task lock and timer that the moved
-- clock had set in the future: after a kill -9 a month ahead, orders stayed PROCESSING for that month. One row, written
-- whenever the clock moves; read at start only where hostflow.dev-clock.restore-on-start is on (the demo profile).
create table dev_clock (
    id        smallint primary key check (id = 1),
    offset_ms bigint   not null
);
