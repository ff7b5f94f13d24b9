package com.hostflow.modules;

import java.util.List;
import java.util.Map;

/** What a module answered to an operation or a poll. Technical failures are exceptions, not outcomes. */
public sealed interface ModuleOutcome {

    /**
     * Done; {@code data} carries what the remote system gave the service, {@code credentials} what it created for the
     * client to log in with (null when nothing).
     */
    record Completed(ExternalData data, Credentials credentials) implements ModuleOutcome {

        public Completed(ExternalData data) {
            this(data, null);
        }
    }

    /**
     * Still running remotely; poll again with {@code handle} (VMmanager's task id). {@code credentials} are what the
     * module already chose for the client (e.g. the passwords of a VM being created), confirmed once the operation
     * completes; the handle never carries them, since it travels in a process variable.
     */
    record Pending(String handle, Credentials credentials) implements ModuleOutcome {

        public Pending(String handle) {
            this(handle, null);
        }
    }

    /** The remote system refused for a business reason (e.g. a disk cannot shrink); the process decides what next. */
    record Rejected(String code, String message) implements ModuleOutcome {

        /** The code of a refusal because the service's host no longer exists in the remote system (a sync reads it). */
        public static final String NOT_FOUND = "Err_HostNotFound";
    }

    /** A person must do the operation (the manual module); the process opens a task for the module's department. */
    record ManualWork(String instructions) implements ModuleOutcome {
    }

    /**
     * What a module created for the client: the login and password of the client's account in the module's panel,
     * the root password of the machine, the panel's address. Any field may be null when the operation did not make it.
     * Secrets: never log them, never put them into a process variable; {@link #toString()} hides them.
     *
     * @param accountExisted the client's panel account existed before, so its password is not known here (another
     *                       service of the client on the same panel may know it)
     */
    record Credentials(String login, String password, String rootPassword, String panelUrl, boolean accountExisted) {

        /** Only a new root password, e.g. after a password change. */
        public static Credentials rootPassword(String rootPassword) {
            return new Credentials(null, null, rootPassword, null, false);
        }

        @Override
        public String toString() {
            return "Credentials[login=" + login + ", password=" + (password == null ? "none" : "[hidden]")
                    + ", rootPassword=" + (rootPassword == null ? "none" : "[hidden]") + ", panelUrl=" + panelUrl
                    + ", accountExisted=" + accountExisted + "]";
        }
    }

    /**
     * The service's data in the remote system. Any field may be null when the operation does not change it.
     *
     * @param extra further values worth showing on the service (e.g. VMmanager node, state). What a {@code sync}
     *              answers here is what the drift reconciliation compares: {@code state} is {@code active} (running)
     *              or {@code stopped}, and resources go under the product type's resource codes ({@code cpu},
     *              {@code ram}, {@code disk}); {@code ipAddresses} counts as {@code ipv4}
     */
    record ExternalData(String externalId, List<String> ipAddresses, String login, Map<String, String> extra) {

        public static ExternalData none() {
            return new ExternalData(null, List.of(), null, Map.of());
        }
    }
}
