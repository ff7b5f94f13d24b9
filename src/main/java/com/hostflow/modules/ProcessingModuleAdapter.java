package com.hostflow.modules;

import com.hostflow.catalog.ProcessingModuleConfig;

/**
 * The SPI every processing-module type implements (one Spring bean per type). Calls never block for long: an
 * operation that takes time answers {@link ModuleOutcome.Pending} with a handle, and the process polls it from a
 * BPMN wait state. A technical failure (unreachable, 5xx, timeout, malformed answer) is thrown as
 * {@link ModuleTechnicalException} and retried; a business refusal is answered as {@link ModuleOutcome.Rejected}.
 * Every operation is idempotent for one {@link ModuleRequest#operationKey()}.
 */
public interface ProcessingModuleAdapter {

    ModuleTypeDescriptor descriptor();

    ConnectionCheck checkConnection(ProcessingModuleConfig module);

    ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request);

    /** Follows up a {@link ModuleOutcome.Pending} answer of {@link #execute}. */
    ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle);

    /** Answer of a connection check, shown as is to the admin. */
    record ConnectionCheck(boolean ok, String message) {
    }
}
