package com.hostflow.services;

import com.hostflow.catalog.ProcessingModuleConfig;

/**
 * "Run operations in queue": at most {@code queues} operations of a module with the same queue key at once. The
 * slots are database rows kept by the modules feature; this is the port ModuleOperationProcess waits on. Both calls
 * are idempotent for one operation key.
 */
public interface ModuleQueue {

    /** Takes a free slot for the operation, or answers false when every slot is taken. */
    boolean tryAcquire(ProcessingModuleConfig module, String operationKey);

    /** Frees the slot the operation holds, if any. */
    void release(String operationKey);
}
