package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.hostflow.catalog.ProcessingModuleConfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Selections of one module at the same moment share its connection check. The adapter is a double that holds every
 * check until the test lets it go, so the test sees how many selections reached the module while one was checking.
 */
class ModuleSelectorSharedCheckTest {

    private static final int SELECTIONS = 8;

    private final AtomicInteger checks = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newFixedThreadPool(SELECTIONS);

    @AfterEach
    void stop() {
        answer.countDown();
        threads.shutdownNow();
    }

    @Test
    void selectionsAtOnceMakeOneConnectionCheck() throws Exception {
        ProcessingModuleAdapter adapter = mock(ProcessingModuleAdapter.class);
        when(adapter.descriptor()).thenReturn(new ModuleTypeDescriptor("slow", "Slow panel", List.of("vds"),
                EnumSet.allOf(ModuleOperation.class), false, List.of(), List.of()));
        when(adapter.checkConnection(any())).thenAnswer(call -> {
            checks.incrementAndGet();
            answer.await();
            return new ProcessingModuleAdapter.ConnectionCheck(true, "connected");
        });
        ModuleSelector selector = new ModuleSelector(new ModuleTypeRegistry(List.of(adapter),
                new SimpleMeterRegistry()), null, Clock.systemUTC(), Duration.ZERO);
        ProcessingModuleConfig module = new ProcessingModuleConfig(7, "slow", "vds", "slow 7", 1L, "dc", "support", 1,
                "http://panel.invalid", "admin", "secret", null, new ProcessingModuleConfig.Queue(false, 1, null));
        List<Thread> selecting = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(SELECTIONS);
        List<Future<ModuleSelector.Selection>> selections = new ArrayList<>();
        for (int i = 0; i < SELECTIONS; i++) {
            selections.add(threads.submit(() -> {
                synchronized (selecting) {
                    selecting.add(Thread.currentThread());
                }
                started.countDown();
                return selector.select(List.of(module), ModuleOperation.OPEN);
            }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        // every selection waits: one in the module's check, the others for its answer (or, each in a check of its own)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (selecting) {
                return selecting.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING);
            }
        });
        assertThat(checks).as("connection checks under way").hasValue(1);
        answer.countDown();
        for (Future<ModuleSelector.Selection> selection : selections) {
            assertThat(selection.get(30, TimeUnit.SECONDS).module()).contains(module);
        }
        assertThat(checks).hasValue(1);
    }
}
