package com.hostflow.modules.vmmanager6;

import java.util.ArrayList;
import java.util.List;

import com.hostflow.modules.ModuleTechnicalException;

/**
 * The handle of a pending VMmanager operation: the host and the tasks to wait for, written
 * {@code <hostId>:<taskId>@<taskName>[,<taskId>@<taskName>...]}, e.g. {@code 17:1234@host_create}. An adopted host
 * whose task is unknown has no tasks ({@code 17:}); its state is polled instead. An open that looked for the hosts of
 * earlier attempts (a retry) ends in {@value #RETRIED}: a creation an earlier attempt gave up on may still land beside
 * its host, so its polls look for such twins; a first attempt's polls need not.
 */
record PendingTasks(long hostId, List<TaskRef> tasks, boolean retried) {

    private static final String RETRIED = "|retried";

    record TaskRef(long id, String name) {
    }

    PendingTasks(long hostId, List<TaskRef> tasks) {
        this(hostId, tasks, false);
    }

    static PendingTasks of(long hostId, long taskId, String taskName) {
        return new PendingTasks(hostId, List.of(new TaskRef(taskId, taskName)));
    }

    /** The same, noted as an open's retry. */
    PendingTasks asRetried() {
        return new PendingTasks(hostId, tasks, true);
    }

    String handle() {
        StringBuilder handle = new StringBuilder().append(hostId).append(':');
        for (int i = 0; i < tasks.size(); i++) {
            handle.append(i == 0 ? "" : ",").append(tasks.get(i).id()).append('@').append(tasks.get(i).name());
        }
        return handle.append(retried ? RETRIED : "").toString();
    }

    static PendingTasks parse(String written) {
        try {
            boolean retried = written.endsWith(RETRIED);
            String handle = retried ? written.substring(0, written.length() - RETRIED.length()) : written;
            int colon = handle.indexOf(':');
            long hostId = Long.parseLong(handle.substring(0, colon));
            List<TaskRef> tasks = new ArrayList<>();
            String rest = handle.substring(colon + 1);
            if (!rest.isEmpty()) {
                for (String task : rest.split(",")) {
                    int at = task.indexOf('@');
                    tasks.add(new TaskRef(Long.parseLong(task.substring(0, at)), task.substring(at + 1)));
                }
            }
            return new PendingTasks(hostId, List.copyOf(tasks), retried);
        } catch (RuntimeException e) {
            throw new ModuleTechnicalException("BAD_HANDLE", "not a VMmanager 6 pending handle: " + written, e);
        }
    }
}
