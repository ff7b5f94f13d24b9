package com.hostflow.workflow;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;

import com.hostflow.services.ModuleCallResult;
import com.hostflow.services.ModuleCallResult.Kind;
import com.hostflow.services.ModuleOperations;

/**
 * The real delegates of ModuleOperationProcess over a Mockito double of {@link ModuleOperations}, for the path
 * tests of processes that call it; by default every operation completes at once.
 */
final class ModuleOperationDoubles {

    static final String DEPARTMENT = "vps-admins";

    private ModuleOperationDoubles() {
    }

    static ModuleOperations register() {
        ModuleOperations operations = mock(ModuleOperations.class);
        Mocks.register("moduleOperationSettings", new ModuleOperationSettings("R1/PT30S", "R3/PT1M",
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofHours(1)));
        Mocks.register("acquireQueueSlotAdapter", new AcquireQueueSlotAdapter(operations));
        Mocks.register("callModuleAdapter", new CallModuleAdapter(operations));
        Mocks.register("pollModuleAdapter", new PollModuleAdapter(operations));
        Mocks.register("recordManualWorkAdapter", new RecordManualWorkAdapter(operations));
        Mocks.register("recordDepartmentDecisionAdapter", new RecordDepartmentDecisionAdapter(operations));
        Mocks.register("operationFailedListener", new OperationFailedListener(operations));
        Mocks.register("releaseQueueSlotListener", new ReleaseQueueSlotListener(operations));
        when(operations.tryAcquireQueueSlot(anyLong(), anyString())).thenReturn(true);
        when(operations.call(anyLong(), anyString(), anyString())).thenReturn(result(Kind.COMPLETED));
        return operations;
    }

    static ModuleCallResult result(Kind kind) {
        return new ModuleCallResult(kind, null, kind == Kind.REJECTED ? "REFUSED" : null, null, DEPARTMENT);
    }

    /** Executes every job that is due, including those the executed ones create, until none is left. */
    static void runDueJobs(ManagementService management) {
        for (int round = 0; round < 50; round++) {
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> management.executeJob(job.getId()));
        }
        throw new IllegalStateException("jobs keep coming after 50 rounds");
    }
}
