package com.hostflow.lifecycle.billingrun;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.lifecycle.LifecycleEvents;

/** A billing run an admin starts by hand (the timer starts the others): the run and its audit entry commit together. */
@Service
public class BillingRunsNow {

    private final LifecycleEvents events;
    private final AuditLog auditLog;

    BillingRunsNow(LifecycleEvents events, AuditLog auditLog) {
        this.events = events;
        this.auditLog = auditLog;
    }

    /** Starts a BillingRunProcess and answers its process instance id. */
    @Transactional
    public String start() {
        String run = events.startProcess(BillingRunProcess.KEY);
        auditLog.record(AuditAction.EXECUTE, "billing-run", run, null, null);
        return run;
    }
}
