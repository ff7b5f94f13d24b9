package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.ERROR_CODE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.INSTRUCTIONS;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_MESSAGE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.SERVICE_ID;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.moduleoperation.DepartmentTaskStories.Operation;
import com.hostflow.lifecycle.moduleoperation.DepartmentTaskStories.Story;

/**
 * Task listener ({@code create}) of ModuleOperationProcess's department tasks: names the task after the service and
 * what happened, describes it, and puts the facts its form shows (read-only fields) on its execution.
 */
@Component
public class DepartmentTaskStoryListener implements TaskListener {

    private final DepartmentTaskStories stories;

    public DepartmentTaskStoryListener(DepartmentTaskStories stories) {
        this.stories = stories;
    }

    @Override
    public void notify(DelegateTask task) {
        ModuleOperationVariables op = ModuleOperationVariables.of(task.getExecution());
        Operation operation = new Operation(op.serviceId(), op.operation(), op.operationKey(),
                task.getProcessInstanceId());
        Story story = ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION.equals(task.getTaskDefinitionKey())
                ? stories.failedOperation(operation, (String) task.getVariable(ERROR_CODE),
                        (String) task.getVariable(MODULE_MESSAGE))
                : stories.manualWork(operation, (String) task.getVariable(INSTRUCTIONS));
        task.setName(story.title());
        task.setDescription(story.description());
        // on the task's execution: the form's default values are read from there, not from the task
        task.getExecution().setVariablesLocal(story.facts());
        // on the task too: the department filters' Service and Operation columns; staff may read a task's own
        // variables, not its process instance's, so the columns stayed empty for them
        task.setVariablesLocal(Map.of(SERVICE_ID, op.serviceId(), OPERATION, op.operation()));
    }
}
