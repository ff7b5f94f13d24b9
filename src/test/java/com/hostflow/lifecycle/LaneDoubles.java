package com.hostflow.lifecycle;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.camunda.bpm.engine.test.mock.Mocks;

/** The service's turn for process path tests: a Mockito double of {@link ServiceLanes}, free unless a test says. */
public final class LaneDoubles {

    private LaneDoubles() {
    }

    public static ServiceLanes register() {
        ServiceLanes lanes = mock(ServiceLanes.class);
        when(lanes.take(anyLong(), anyString())).thenReturn(true);
        Mocks.register("takeServiceTurnAdapter", new TakeServiceTurnAdapter(lanes));
        Mocks.register("releaseServiceTurnListener", new ReleaseServiceTurnListener(lanes));
        return lanes;
    }
}
