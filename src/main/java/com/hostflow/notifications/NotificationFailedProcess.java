package com.hostflow.notifications;

/**
 * Names shared by {@code processes/NotificationFailedProcess.bpmn}, its delegates and the sender that starts it when
 * a notification's last attempt failed: the department gets a task "client X could not be told Y".
 */
public final class NotificationFailedProcess {

    public static final String KEY = "NotificationFailedProcess";
    public static final String BUSINESS_KEY_PREFIX = "notification-";

    public static final String NOTIFICATION_ID = "notificationId";
    public static final String DEPARTMENT_KEY = "departmentKey";
    public static final String CLIENT_NAME = "clientName";
    public static final String EVENT = "event";
    public static final String RECIPIENT = "recipient";
    public static final String LAST_ERROR = "lastError";
    /** the department's choice: {@code resend} or {@code done} */
    public static final String DECISION = "decision";

    public static final String TASK_TELL_CLIENT = "Task_TellClientOtherwise";
    public static final String TASK_SEND_AGAIN = "Task_SendNotificationAgain";
    public static final String TASK_CLOSE = "Task_CloseNotification";
    public static final String END_REQUEUED = "EndEvent_NotificationRequeued";
    public static final String END_TOLD_OTHERWISE = "EndEvent_ClientToldOtherwise";

    private NotificationFailedProcess() {
    }
}
