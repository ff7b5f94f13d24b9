package com.hostflow.lifecycle.reminders;

/** Names shared by {@code processes/ServiceExpiryReminderProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceExpiryReminderProcess {

    public static final String KEY = "ServiceExpiryReminderProcess";

    public static final String SERVICE_ID = "serviceId";
    /** set by the checks: whether a reminder still makes sense (see ExpiryReminderPlanning#reminderNeeded) */
    public static final String REMINDER_NEEDED = "reminderNeeded";

    private ServiceExpiryReminderProcess() {
    }
}
