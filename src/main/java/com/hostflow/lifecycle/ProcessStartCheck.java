package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.core.Ordered;

/**
 * What must hold for an instance of {@link #processKey()} to start: HostFlow's own Java starts it only for a record
 * it has just written (an order, a pending parameter change), so a start that names no such record, or one that has
 * its process already, is an admin's start by hand through the engine REST or Cockpit and is refused with nothing
 * started ({@link ProcessStartChecks}).
 */
public interface ProcessStartCheck extends Ordered {

    String processKey();

    /** Throws (IllegalStateException, NotFoundException: 400 at the engine REST) when the start is refused. */
    void check(DelegateExecution processInstance);

    /** A process's checks run in this order (lowest first). */
    @Override
    default int getOrder() {
        return 0;
    }
}
