package com.hostflow.lifecycle;

import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.List;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.mockito.ArgumentCaptor;

import com.hostflow.notifications.NotificationRequest;
import com.hostflow.notifications.Notifications;
import com.hostflow.notifications.NotifyClientAdapter;

/**
 * The real "Notify the client" delegate of the models over a Mockito outbox, for the standalone process tests: what
 * a model asked to send is read back from the outbox's calls.
 */
public final class NotificationDoubles {

    private final Notifications outbox = mock(Notifications.class);

    private NotificationDoubles() {
    }

    public static NotificationDoubles register() {
        NotificationDoubles doubles = new NotificationDoubles();
        Mocks.register("notifyClientAdapter", new NotifyClientAdapter(doubles.outbox));
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
}
