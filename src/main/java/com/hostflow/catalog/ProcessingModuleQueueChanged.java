package com.hostflow.catalog;

/**
 * An admin changed a processing module's queue settings (run in queue, number of slots, queue key); published in the
 * transaction that changed them, with the module as it is now.
 */
public record ProcessingModuleQueueChanged(ProcessingModuleConfig module) {
}
