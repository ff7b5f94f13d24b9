package com.hostflow.lifecycle;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.List;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.mockito.ArgumentCaptor;

import com.hostflow.notifications.NotificationRequest;
import com.hostflow.notifications.Notifications;
import com.hostflow.notifications.NotifyClientAdapter;
import com.hostflow.notifications.RefusedOperationNotifications;

/**
 * The real "Notify the client" and "Tell the admins" delegates of the models over a Mockito outbox, for the
 * standalone process tests: what a model asked to send is read back from the outbox's calls.
 */
public final class NotificationDoubles {

    private final Notifications outbox = mock(Notifications.class);
    private final RefusedOperationNotifications admins = mock(RefusedOperationNotifications.class);

    private NotificationDoubles() {
    }

    public static NotificationDoubles register() {
        NotificationDoubles doubles = new NotificationDoubles();
        Mocks.register("notifyClientAdapter", new NotifyClientAdapter(doubles.outbox));
        Mocks.register("tellAdminsOfRefusalAdapter", new TellAdminsOfRefusalAdapter(doubles.admins));
        return doubles;
    }

    /** Every notification asked for, in order. */
    public List<NotificationRequest> sent() {
        ArgumentCaptor<NotificationRequest> requests = ArgumentCaptor.forClass(NotificationRequest.class);
        try {
            verify(outbox, atLeast(0)).enqueue(requests.capture());
        } catch (AssertionError none) {
            return List.of();
        }
        return requests.getAllValues();
    }

    /** The templates asked for, in order. */
    public List<String> templates() {
        return sent().stream().map(NotificationRequest::template).toList();
    }

    /** The operations the admins were told did not happen, in order. */
    public List<String> adminsToldOf() {
        ArgumentCaptor<String> operations = ArgumentCaptor.forClass(String.class);
        verify(admins, atLeast(0)).tellAdmins(anyLong(), operations.capture(), anyString());
        return operations.getAllValues();
    }
}
