package com.hostflow.lifecycle.prolongation;

/** What follows a prolongation attempt: done, resume a service suspended for BILLING, suspend it, or keep waiting. */
public enum ProlongationStep {
    DONE, RESUME, SUSPEND, WAIT
}
