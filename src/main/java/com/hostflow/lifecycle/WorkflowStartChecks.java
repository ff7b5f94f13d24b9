package com.hostflow.lifecycle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.hostflow.credentials.ServicePasswordResetProcess;
import com.hostflow.lifecycle.billingrun.BillingRunLaneProcess;
import com.hostflow.lifecycle.billingrun.BillingRunProcess;
import com.hostflow.lifecycle.deletion.ServiceDeletionProcess;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.prolongation.ServiceProlongationProcess;
import com.hostflow.lifecycle.reminders.ServiceExpiryReminderProcess;
import com.hostflow.lifecycle.resume.ServiceResumeProcess;
import com.hostflow.lifecycle.suspension.ServiceSuspensionProcess;
import com.hostflow.notifications.NotificationFailedProcess;

/**
 * The processes that only HostFlow starts ({@link StartedOnlyByHostFlow}), each with what an admin uses instead of
 * a start by hand. The order, parameter change and failed close processes are checked by the records they start for
 * ({@code OrderedOnceAtStart}, {@code ChangeStartedForItsRequest}, {@code ClosesOnlyADeletedService}). A service's
 * sync (ServiceSyncProcess) may be started by hand: it claims the service's sync first, as a round's does.
 */
@Configuration(proxyBeanMethods = false)
class WorkflowStartChecks {

    private static final String SERVICE = "/api/v1/services/{id}";

    @Bean
    ProcessStartCheck prolongationStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ServiceProlongationProcess.KEY, "prolong a service with POST " + SERVICE
                + "/prolong; the billing run (POST /api/v1/billing/run) prolongs those whose paid period ended");
    }

    @Bean
    ProcessStartCheck deletionStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ServiceDeletionProcess.KEY, "delete a service with DELETE " + SERVICE);
    }

    @Bean
    ProcessStartCheck moduleOperationStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ModuleOperationProcess.KEY, "a module operation runs as a step of the"
                + " service's process: suspend, resume, change or delete the service through " + SERVICE);
    }

    @Bean
    ProcessStartCheck suspensionStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ServiceSuspensionProcess.KEY, "suspend a service with POST " + SERVICE
                + "/suspend");
    }

    @Bean
    ProcessStartCheck resumeStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ServiceResumeProcess.KEY, "resume a service with POST " + SERVICE
                + "/resume");
    }

    @Bean
    ProcessStartCheck passwordResetStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ServicePasswordResetProcess.KEY, "reset a service's password with POST "
                + SERVICE + "/reset-password");
    }

    /** By hand it skipped the billing run's once-per-period claim: the client got every reminder twice. */
    @Bean
    ProcessStartCheck expiryReminderStartedByHostFlow() {
        return new StartedOnlyByHostFlow(ServiceExpiryReminderProcess.KEY, "the billing run (POST /api/v1/billing/run)"
                + " starts a service's reminders once per paid period");
    }

    /**
     * By hand it put a second task for a notification that has one, or one made of typed-in names and addresses,
     * in the department's list.
     */
    @Bean
    ProcessStartCheck notificationFailedStartedByHostFlow() {
        return new StartedOnlyByHostFlow(NotificationFailedProcess.KEY, "a notification whose last attempt failed"
                + " gets its task when it fails; send one again with POST"
                + " /api/v1/notifications/{id}/resend");
    }

    @Bean
    ProcessStartCheck billingRunStartedByHostFlow() {
        return new StartedOnlyByHostFlow(BillingRunProcess.KEY, "run it now with POST /api/v1/billing/run");
    }

    @Bean
    ProcessStartCheck billingRunLaneStartedByHostFlow() {
        return new StartedOnlyByHostFlow(BillingRunLaneProcess.KEY, "run the billing run now with POST"
                + " /api/v1/billing/run");
    }
}
