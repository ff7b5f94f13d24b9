package com.hostflow.lifecycle.prolongation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.billing.BillingCalendar;
import com.hostflow.billing.BillingService;
import com.hostflow.billing.ChargeRequest;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.lifecycle.deletion.ServiceDeletionProcess;
import com.hostflow.lifecycle.suspension.ServiceSuspensionProcess;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * Prolonging services from the balance: asked by the client, automatically when the paid period ends (billing run),
 * and when a payment arrives for a service suspended for BILLING. A trial is prolonged with the tariff's monthly
 * period (or its shortest priced one). Each period is charged once: the key is {@code prolong-<service>-<paid-until>}.
 */
@Service
public class ServiceProlongations {

    private static final List<Period> PAID_PERIODS = List.of(Period.MONTH, Period.DAY, Period.QUARTER,
            Period.HALF_YEAR, Period.YEAR);

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final BillingService billing;
    private final RuntimeService runtime;
    private final Clock clock;

    ServiceProlongations(ServiceRepository services, CatalogLookup catalog, BillingService billing,
            RuntimeService runtime, Clock clock) {
        this.services = services;
        this.catalog = catalog;
        this.billing = billing;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** The client prolongs its service for a period; 422 when the balance does not cover it. */
    @Transactional
    public void requestProlongation(long serviceId, Period period) {
        ServiceInstance service = service(serviceId);
        if (!EnumSet.of(ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED).contains(service.getStatus())) {
            throw new ConflictException("service " + serviceId + " is " + service.getStatus());
        }
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        if (period == Period.TRIAL || period == Period.ONE_TIME || !tariff.prices().containsKey(period)) {
            throw new InvalidInputException("period", "the tariff cannot be prolonged for " + period);
        }
        BigDecimal price = billing.price(tariff.id(), period, service.getAddons());
        if (!billing.canAfford(service.getClientId(), service.getProviderId(), price)) {
            throw new BusinessRuleException(BillingService.INSUFFICIENT_FUNDS,
                    "the balance does not cover " + price + " for " + period);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put(ServiceProlongationProcess.SERVICE_ID, serviceId);
        variables.put(ServiceProlongationProcess.PERIOD, period.name());
        runtime.startProcessInstanceByKey(ServiceProlongationProcess.KEY, Long.toString(serviceId), variables);
    }

    /** Starts the automatic prolongation of a service whose paid period ended or that waits for money. */
    @Transactional
    public void startAutomatic(long serviceId) {
        runtime.startProcessInstanceByKey(ServiceProlongationProcess.KEY, Long.toString(serviceId),
                Map.of(ServiceProlongationProcess.SERVICE_ID, serviceId));
    }

    /** One batch of due services for the billing run, each getting its prolongation; answers the ids handled. */
    @Transactional
    public List<Long> prolongDueBatch(long afterId, int size) {
        List<Long> due = services.dueForProlongation(clock.instant(), afterId, PageRequest.of(0, size));
        // a service the client deleted for the end of its paid period is neither prolonged nor suspended there
        due.stream().filter(id -> !hasRunningProlongation(id) && !hasPendingDeletion(id))
                .forEach(this::startAutomatic);
        return due;
    }

    /** Services of the client suspended for BILLING, each to be prolonged now that money came. */
    @Transactional
    public void prolongSuspendedOnPayment(long clientId) {
        services.findByClientIdAndStatus(clientId, ServiceStatus.SUSPENDED).stream()
                .filter(s -> s.isSuspendedFor(SuspensionReason.BILLING))
                .filter(s -> !hasRunningProlongation(s.getId()))
                .forEach(s -> startAutomatic(s.getId()));
    }

    /**
     * Charges the next period from the balance when it covers it, moves paid-until on, and cancels a BILLING
     * suspension that waits for Monday. Answers what the process does next.
     */
    @Transactional
    public ProlongationStep chargeNextPeriod(long serviceId, String requestedPeriod) {
        ServiceInstance service = service(serviceId);
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        Period period = requestedPeriod != null ? Period.valueOf(requestedPeriod) : paidPeriod(service, tariff);
        boolean suspendedForBilling = service.isSuspendedFor(SuspensionReason.BILLING);
        Instant now = clock.instant();
        Instant from = service.getPaidUntil() == null || service.getPaidUntil().isBefore(now) && suspendedForBilling
                ? now : service.getPaidUntil();
        Instant until = billing.periodEnd(from, period, tariff.trialDays()).orElseThrow();
        BigDecimal price = billing.price(tariff.id(), period, service.getAddons());
        if (!billing.canAfford(service.getClientId(), service.getProviderId(), price)) {
            return suspendedForBilling ? ProlongationStep.WAIT : ProlongationStep.SUSPEND;
        }
        billing.charge(new ChargeRequest("prolong-" + serviceId + "-" + BillingCalendar.day(from), service.getClientId(),
                tariff.id(), serviceId, price, BillingCalendar.day(from), BillingCalendar.day(until),
                tariff.name() + ", " + period + " (prolongation)"));
        service.changePeriod(period, now);
        service.paidUntil(until, now);
        runtime.createMessageCorrelation(ServiceSuspensionProcess.MESSAGE_PAYMENT_RECEIVED)
                .processInstanceBusinessKey(Long.toString(serviceId))
                .processInstanceVariableEquals(ServiceSuspensionProcess.REASON, SuspensionReason.BILLING.name())
                .correlateAll();
        return suspendedForBilling ? ProlongationStep.RESUME : ProlongationStep.DONE;
    }

    private static Period paidPeriod(ServiceInstance service, TariffTerms tariff) {
        if (service.getPeriod() != Period.TRIAL) {
            return service.getPeriod();
        }
        return PAID_PERIODS.stream().filter(tariff.prices()::containsKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("tariff " + tariff.id() + " has no paid period"));
    }

    private boolean hasRunningProlongation(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ServiceProlongationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count() > 0;
    }

    private boolean hasPendingDeletion(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ServiceDeletionProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count() > 0;
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
    }
}
