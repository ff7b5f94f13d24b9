package com.hostflow.lifecycle.suspension;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ServiceLanes;
import com.hostflow.lifecycle.resume.ServiceResumeProcess;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.SuspensionReason;

/**
 * The suspension reasons a service will have once the suspensions and resumptions already in its lane have run, in
 * the lane's order. An admin who suspends and at once resumes (or resumes and at once suspends again) is answered by
 * what will be, not by what the module has confirmed so far: a resumption asked for while the suspension still runs
 * is accepted and lifts the reason after it. Only requests in the lane count: a BILLING suspension waiting for its
 * day is not in line yet, and a resumption taken before it would find nothing to lift.
 */
@Component
public class ReasonsInLine {

    private final ServiceLanes lanes;
    private final RuntimeService runtime;

    ReasonsInLine(ServiceLanes lanes, RuntimeService runtime) {
        this.lanes = lanes;
        this.runtime = runtime;
    }

    /** The reasons in force now, with what the suspensions and resumptions in line will add and lift. */
    public Set<SuspensionReason> expected(ServiceInstance service) {
        Set<SuspensionReason> reasons = EnumSet.noneOf(SuspensionReason.class);
        reasons.addAll(service.getSuspensionReasons());
        List<String> line = lanes.inLine(service.getId());
        if (line.isEmpty()) {
            return reasons;
        }
        Map<String, String> suspensions = variableOf(ServiceSuspensionProcess.KEY, ServiceSuspensionProcess.REASON,
                line);
        Map<String, String> resumptions = variableOf(ServiceResumeProcess.KEY, ServiceResumeProcess.REASONS, line);
        for (String processInstanceId : line) {
            if (suspensions.containsKey(processInstanceId)) {
                reasons.addAll(SuspensionReason.parseNames(suspensions.get(processInstanceId)));
            } else if (resumptions.containsKey(processInstanceId)) {
                reasons.removeAll(SuspensionReason.parseNames(resumptions.get(processInstanceId)));
            }
        }
        return reasons;
    }

    private Map<String, String> variableOf(String processKey, String variable, List<String> line) {
        List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceIds(Set.copyOf(line)).list();
        return instances.stream().collect(Collectors.toMap(ProcessInstance::getId,
                instance -> String.valueOf(runtime.getVariable(instance.getId(), variable)), (a, b) -> a));
    }
}
