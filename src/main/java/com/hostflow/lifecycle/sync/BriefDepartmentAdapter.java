package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_BriefDepartment: to whom the differences go, and the story their task tells. */
@Component
public class BriefDepartmentAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public BriefDepartmentAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ServiceSyncs.Brief brief = syncs.brief(SyncVariables.serviceId(execution), execution.getProcessInstanceId());
        execution.setVariable(ServiceSyncProcess.DEPARTMENT_KEY, brief.departmentKey());
        execution.setVariable(ServiceSyncProcess.DRIFT_TITLE, brief.title());
        execution.setVariable(ServiceSyncProcess.DRIFT_BRIEF, brief.text());
    }
}
