package com.hostflow.lifecycle.failedclose;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.ProcessStartCheck;
import com.hostflow.lifecycle.ProcessVariables;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;

/**
 * A FailedServiceCloseProcess closes in its module only a service that is DELETED (its deletion starts it, see
 * {@link FailedServiceCloses}), named by its business key, once at a time: started by hand for an ACTIVE service,
 * it deleted the VM of a running, paid service. An admin may still start it again by hand for a deleted service
 * whose close is left undone.
 */
@Component
class ClosesOnlyADeletedService implements ProcessStartCheck {

    private final ServiceRepository services;
    private final LifecycleEvents events;

    ClosesOnlyADeletedService(ServiceRepository services, LifecycleEvents events) {
        this.services = services;
        this.events = events;
    }

    @Override
    public String processKey() {
        return FailedServiceCloseProcess.KEY;
    }

    @Override
    public void check(DelegateExecution execution) {
        long serviceId = ProcessVariables.requiredLong(execution, FailedServiceCloseProcess.SERVICE_ID);
        // under the service's row lock (a deletion's own start holds it already): a second start at the same moment
        // waits for the first to commit, then sees its process beside it
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        if (service.getStatus() != ServiceStatus.DELETED
                || !Long.toString(serviceId).equals(execution.getProcessBusinessKey())
                || events.runsBeside(FailedServiceCloseProcess.KEY, serviceId, execution.getProcessInstanceId())) {
            throw new IllegalStateException("service " + serviceId + " is " + service.getStatus() + ": a failed"
                    + " service's close is tried again once it is DELETED, once at a time, under its id as business"
                    + " key");
        }
    }
}
