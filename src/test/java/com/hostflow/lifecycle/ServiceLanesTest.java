package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.Period;
import com.hostflow.lifecycle.suspension.ServiceSuspensions;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;
import com.hostflow.support.IntegrationTest;

/**
 * The service's turn on the real tables: what a process decides once it holds the turn is read after it took it, not
 * remembered from earlier in the same transaction.
 */
@IntegrationTest
class ServiceLanesTest {

    @Autowired
    ServiceLanes lanes;

    @Autowired
    ServiceRepository services;

    @Autowired
    ServiceSuspensions suspensions;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    /**
     * Long-run seed -1615901453591278617: a billing run's prolongation read the ACTIVE service, an ADMIN suspension
     * stopped it and gave its turn back, and the BILLING suspension the prolongation called took the turn in the same
     * transaction and still saw ACTIVE: it stopped the stopped host, then started it again once paid — a SUSPENDED
     * service with a running host.
     */
    @Test
    void aChangeThatEndedBeforeTheTurnWasTakenIsSeenByWhoeverTakesIt() {
        long serviceId = newService(ServiceStatus.ACTIVE);
        String processInstanceId = "lanes-test-" + serviceId;

        String stateOnceTheTurnIsTaken = new TransactionTemplate(transactions).execute(tx -> {
            assertThat(services.findById(serviceId).orElseThrow().getStatus()).isEqualTo(ServiceStatus.ACTIVE);
            // meanwhile an admin's suspension stops the service and commits
            CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(
                    other -> suspensions.markSuspended(serviceId, SuspensionReason.ADMIN))).join();
            assertThat(lanes.take(serviceId, processInstanceId)).isTrue();
            return suspensions.state(serviceId);
        });

        assertThat(stateOnceTheTurnIsTaken).isEqualTo("STOPPED");
        new TransactionTemplate(transactions).executeWithoutResult(tx -> lanes.release(processInstanceId));
    }

    /** A request that changes the service and starts its process in one transaction (a parameter change). */
    @Test
    void whatTheTransactionChangedBeforeTakingTheTurnIsKept() {
        long serviceId = newService(ServiceStatus.ACTIVE);
        String processInstanceId = "lanes-test-" + serviceId;

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            services.findById(serviceId).orElseThrow().changeStatus(ServiceStatus.PROCESSING, clock.instant());
            assertThat(lanes.take(serviceId, processInstanceId)).isTrue();
            lanes.release(processInstanceId);
        });

        assertThat(services.findById(serviceId).orElseThrow().getStatus()).isEqualTo(ServiceStatus.PROCESSING);
    }

    private long newService(ServiceStatus status) {
        ServiceInstance service = new ServiceInstance(System.nanoTime(), 7, 3, "vds", Period.MONTH, false,
                Map.of("ram", 4096L), Map.of("os", "ubuntu-24.04"), "lanes.example.net", clock.instant());
        service.changeStatus(status, clock.instant());
        return services.save(service).getId();
    }
}
