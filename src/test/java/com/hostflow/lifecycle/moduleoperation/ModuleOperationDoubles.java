package com.hostflow.lifecycle.moduleoperation;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;

import com.hostflow.catalog.DepartmentTaskTimes;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.credentials.StoreEnteredCredentialsListener;
import com.hostflow.lifecycle.ExternalTaskRunner;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.Answer;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.ModuleCall;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.SelectionCall;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleSelector.Selection;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ProcessingModuleAdapter;

/**
 * ModuleOperationProcess with its real delegates, external-task handlers and BPMN over a Mockito double of
 * {@link ModuleOperations} (which needs the database) and a {@link ScriptedModule} that answers what a test says, for
 * the path tests of ModuleOperationProcess and of the processes that call it. By default every operation completes
 * at once and a module is always found.
 */
public final class ModuleOperationDoubles {

    public static final String DEPARTMENT = "vps-admins";
    static final ProcessingModuleConfig MODULE = new ProcessingModuleConfig(7, "scripted", "vds", "Scripted", null,
            null, DEPARTMENT, 1, null, null, null, null, null);

    private final ProcessEngine engine;
    public final ModuleOperations operations = mock(ModuleOperations.class);
    public final DepartmentTaskStories stories = mock(DepartmentTaskStories.class);
    public final ServiceCredentials credentials = mock(ServiceCredentials.class);
    public final ScriptedModule module = new ScriptedModule();
    private final ExternalTaskRunner externalTasks;
    private final Deque<Selection> selections = new ArrayDeque<>();

    /** The listeners, validator and due dates of the department tasks, over doubles of what reads the database. */
    private void registerDepartmentTaskParts(ProcessEngine engine) {
        DepartmentTaskTimes times = mock(DepartmentTaskTimes.class);
        when(times.dueDate(any())).thenAnswer(call -> Date.from(ClockUtil.getCurrentTime().toInstant()
                .plus(Duration.ofHours(4))));
        when(times.followUpDate(any())).thenAnswer(call -> Date.from(ClockUtil.getCurrentTime().toInstant()
                .plus(Duration.ofHours(1))));
        Mocks.register("departmentTaskTimes", times);
        when(stories.failedOperation(any(), any(), any())).thenAnswer(call -> story(call.getArgument(0),
                "failed", call.getArgument(2)));
        when(stories.manualWork(any(), any())).thenAnswer(call -> story(call.getArgument(0), "by hand",
                call.getArgument(1)));
        Mocks.register("departmentTaskStoryListener", new DepartmentTaskStoryListener(stories));
        Mocks.register("failedOperationIncidentListener",
                new FailedOperationIncidentListener(new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService())));
        Mocks.register("storeEnteredCredentialsListener", new StoreEnteredCredentialsListener(credentials));
        Mocks.register("departmentDecisionValidator", new DepartmentDecisionValidator());
        Mocks.register("manualWorkValidator", new ManualWorkValidator());
    }

    private static DepartmentTaskStories.Story story(DepartmentTaskStories.Operation op, String what, String said) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("serviceSummary", "Service " + op.serviceId());
        facts.put("operationName", op.operation());
        facts.put("moduleName", MODULE.name());
        facts.put("failureText", said);
        facts.put("moduleCalls", 1L);
        facts.put("knownExternalId", "");
        facts.put("serviceLink", "/console/services/" + op.serviceId());
        facts.put("processLink", "/camunda/app/cockpit/default/#/process-instance/" + op.processInstanceId());
        return new DepartmentTaskStories.Story("Service " + op.serviceId() + " · " + op.operation() + " " + what,
                "what the module said: " + said, facts);
    }

    private ModuleOperationDoubles(ProcessEngine engine, ModuleOperationSettings settings) {
        this.engine = engine;
        Mocks.register("moduleOperationSettings", settings);
        Mocks.register("acquireQueueSlotAdapter", new AcquireQueueSlotAdapter(operations));
        Mocks.register("recordManualWorkAdapter", new RecordManualWorkAdapter(operations));
        Mocks.register("recordDepartmentDecisionAdapter", new RecordDepartmentDecisionAdapter(operations));
        Mocks.register("operationFailedListener", new OperationFailedListener(operations));
        Mocks.register("operationWithdrawnListener", new OperationWithdrawnListener(operations));
        registerDepartmentTaskParts(engine);
        Mocks.register("releaseQueueSlotListener",
                new ReleaseQueueSlotListener(operations, new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService())));
        when(operations.tryAcquireQueueSlot(anyLong(), anyString(), anyString(), anyBoolean())).thenReturn(true);
        when(operations.releaseQueueSlot(anyString())).thenReturn(List.of());
        when(operations.prepare(anyLong(), anyString(), anyString())).thenAnswer(call -> new ModuleCall(
                call.getArgument(0), call.getArgument(1), call.getArgument(2), 1, MODULE, module,
                new ModuleRequest(ModuleOperation.ofFeature(call.getArgument(1)), call.getArgument(0),
                        call.getArgument(2), null, null, null, null, null, null, Map.of(), Map.of(), Map.of(),
                        List.of(), false, null, null)));
        when(operations.finish(any(), any())).thenAnswer(call -> {
            Answer answer = call.getArgument(1);
            return ModuleCallResult.of(answer.outcome(), answer.failure(), DEPARTMENT);
        });
        when(operations.prepareSelection(anyLong(), anyString())).thenAnswer(
                call -> new SelectionCall(call.getArgument(0), call.getArgument(1), 1, 1));
        when(operations.select(any())).thenAnswer(call -> selections.isEmpty() ? found()
                : selections.size() == 1 ? selections.peek() : selections.poll());
        when(operations.finishSelection(any(), any())).thenAnswer(call -> {
            Selection selection = call.getArgument(1);
            return selection.module().isPresent() ? new ModuleCallResult(ModuleCallResult.Kind.COMPLETED, null,
                    null, null, DEPARTMENT)
                    : new ModuleCallResult(selection.unreachable() ? ModuleCallResult.Kind.TECHNICAL_FAILURE
                            : ModuleCallResult.Kind.REJECTED, null,
                            selection.unreachable() ? "NO_MODULE_REACHABLE" : "NO_MODULE", "no module", DEPARTMENT);
        });
        this.externalTasks = new ExternalTaskRunner(engine, new ModuleSelectionHandler(operations),
                new ModuleCallHandler(operations, false, settings.lookAtOnce()),
                new ModuleCallHandler(operations, true, false));
    }

    /** Registers the doubles with the retry cycle R1/PT30S (one retry before the failure policy decides). */
    public static ModuleOperationDoubles register(ProcessEngine engine) {
        return register(engine, "R1/PT30S");
    }

    public static ModuleOperationDoubles register(ProcessEngine engine, String retryCycle) {
        return register(engine, retryCycle, true);
    }

    /** @param lookAtOnce whether a call answered "pending" is polled once more at once, as in production */
    public static ModuleOperationDoubles register(ProcessEngine engine, String retryCycle, boolean lookAtOnce) {
        return new ModuleOperationDoubles(engine, new ModuleOperationSettings(retryCycle, "PT1S,PT2S",
                Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30),
                lookAtOnce));
    }

    /** The selections Task_ChooseModule comes to, in order; the last repeats. */
    public void selections(Selection... script) {
        selections.clear();
        selections.addAll(List.of(script));
    }

    public static Selection found() {
        return new Selection(Optional.of(MODULE), List.of(), false);
    }

    public static Selection unreachable() {
        return new Selection(Optional.empty(), List.of("module 7: connection check failed"), true);
    }

    public static Selection noneCanServe() {
        return new Selection(Optional.empty(), List.of("the tariff has no processing module"), false);
    }

    /** Runs the external tasks that can be fetched now; answers how many ran. */
    public int runExternalTasks() {
        return externalTasks.runAvailable();
    }

    /** Executes every due job and external task, including those the executed ones create, until none is left. */
    public void settle() {
        for (int round = 0; round < 50; round++) {
            List<Job> due = engine.getManagementService().createJobQuery().executable().list();
            due.forEach(job -> engine.getManagementService().executeJob(job.getId()));
            int ran = runExternalTasks();
            if (due.isEmpty() && ran == 0) {
                return;
            }
        }
        throw new IllegalStateException("work keeps coming after 50 rounds");
    }

    /**
     * A processing module whose answers the test scripts per operation, in order (the last one repeats); an answer
     * is a {@link ModuleOutcome} or a {@link ModuleTechnicalException} to throw. It records every call.
     */
    public static final class ScriptedModule implements ProcessingModuleAdapter {

        private final Map<String, Deque<Object>> executeAnswers = new HashMap<>();
        private final Map<String, Deque<Object>> pollAnswers = new HashMap<>();
        public final List<String> calls = new ArrayList<>();

        public ScriptedModule answers(String operation, Object... answers) {
            executeAnswers.put(operation, new ArrayDeque<>(List.of(answers)));
            return this;
        }

        public ScriptedModule pollAnswers(String operation, Object... answers) {
            pollAnswers.put(operation, new ArrayDeque<>(List.of(answers)));
            return this;
        }

        public long count(String call) {
            return calls.stream().filter(call::equals).count();
        }

        @Override
        public ModuleTypeDescriptor descriptor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionCheck checkConnection(ProcessingModuleConfig module) {
            return new ConnectionCheck(true, "scripted");
        }

        @Override
        public boolean setsRootPassword(ModuleOperation operation) {
            return false;
        }

        @Override
        public boolean createsAccount(ModuleOperation operation) {
            return false;
        }

        @Override
        public List<RemoteHost> hosts(ProcessingModuleConfig module) {
            return List.of();
        }

        @Override
        public boolean deleteHost(ProcessingModuleConfig module, RemoteHost host) {
            return false;
        }

        @Override
        public List<String> parameterValues(ProcessingModuleConfig module, String parameter) {
            return List.of();
        }

        @Override
        public ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request) {
            calls.add("execute " + request.operation().feature());
            return next(executeAnswers.get(request.operation().feature()));
        }

        @Override
        public ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle) {
            calls.add("poll " + request.operation().feature() + " " + handle);
            return next(pollAnswers.get(request.operation().feature()));
        }

        private static ModuleOutcome next(Deque<Object> answers) {
            Object answer = answers == null || answers.isEmpty() ? new ModuleOutcome.Completed(null)
                    : answers.size() == 1 ? answers.peek() : answers.poll();
            if (answer instanceof ModuleTechnicalException e) {
                throw new ModuleTechnicalException(e.code(), e.getMessage());
            }
            return (ModuleOutcome) answer;
        }
    }
}
