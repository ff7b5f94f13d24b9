package com.hostflow.modules;

import java.util.List;
import java.util.Map;

/** What a module answered to an operation or a poll. Technical failures are exceptions, not outcomes. */
public sealed interface ModuleOutcome {

    /** Done; {@code data} carries what the remote system gave the service. */
    record Completed(ExternalData data) implements ModuleOutcome {
    }

    /** Still running remotely; poll again with {@code handle} (VMmanager's task id). */
    record Pending(String handle) implements ModuleOutcome {
    }

    /** The remote system refused for a business reason (e.g. a disk cannot shrink); the process decides what next. */
    record Rejected(String code, String message) implements ModuleOutcome {
    }

    /** A person must do the operation (the manual module); the process opens a task for the module's department. */
    record ManualWork(String instructions) implements ModuleOutcome {
    }

    /**
     * The service's data in the remote system. Any field may be null when the operation does not change it.
     *
     * @param extra further values worth showing on the service (e.g. VMmanager node, state)
     */
    record ExternalData(String externalId, List<String> ipAddresses, String login, Map<String, String> extra) {

        public static ExternalData none() {
            return new ExternalData(null, List.of(), null, Map.of());
        }
    }
}
