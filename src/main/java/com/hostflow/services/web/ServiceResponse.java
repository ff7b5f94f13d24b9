package com.hostflow.services.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.hostflow.catalog.Period;
import com.hostflow.services.DeletionReason;
import com.hostflow.services.OperationOutcome;
import com.hostflow.services.RefusedOperation;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * A service as the API shows it; {@code statusReasons} are the suspension reasons in force; {@code deleteAt} when a
 * deletion is on record (in the future: its client deleted it for the end of the paid period and may still withdraw);
 * {@code deletionReason} why that deletion (or the one done) was asked for: CLIENT, CLIENT_AT_PERIOD_END, ADMIN or
 * UNPAID (also an order cancelled for want of payment);
 * {@code refusedOperations} the lifecycle operations that did not happen (the module refused them, or they were given
 * up), each until a later one of its kind succeeds.
 */
public record ServiceResponse(
        long id,
        long clientId,
        long tariffId,
        long providerId,
        String productType,
        ServiceStatus status,
        List<SuspensionReason> statusReasons,
        Period period,
        boolean trial,
        Instant paidUntil,
        Instant deleteAt,
        DeletionReason deletionReason,
        Map<String, Long> addons,
        Map<String, String> params,
        Long processingModuleId,
        String externalId,
        String domain,
        List<String> ipAddresses,
        List<Refusal> refusedOperations,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * One operation that did not happen.
     *
     * @param operation {@code suspend}, {@code resume}, {@code setparam}, {@code reset_password} or {@code close}
     * @param outcome   {@code REJECTED} (the module refused), {@code FAILED} (given up after failures) or
     *                  {@code ABORTED} (the department gave it up)
     * @param reason    one short line: the module's answer (to a client: plain words, never the module's)
     */
    public record Refusal(String operation, OperationOutcome outcome, Instant at, String reason) {
    }

    /** The service as the caller may see it, with its refused operations. */
    public static ServiceResponse read(ServiceQueries queries, long id) {
        ServiceInstance service = queries.service(id);
        return of(service, queries.refusedOperations(List.of(id)));
    }

    /** @param refusals refused operations of this service (others' are left out) */
    public static ServiceResponse of(ServiceInstance s, List<RefusedOperation> refusals) {
        return new ServiceResponse(s.getId(), s.getClientId(), s.getTariffId(), s.getProviderId(),
                s.getProductType(), s.getStatus(), s.getSuspensionReasons().stream().sorted().toList(),
                s.getPeriod(), s.isTrial(), s.getPaidUntil(), s.getDeleteAt(), s.getDeletionReason(), s.getAddons(),
                s.getParams(), s.getProcessingModuleId(), s.getExternalId(), s.getDomain(), s.getIpAddresses(),
                refusals.stream().filter(r -> r.serviceId() == s.getId())
                        .map(r -> new Refusal(r.operation(), r.outcome(), r.at(), r.reason())).toList(),
                s.getCreatedAt(), s.getUpdatedAt());
    }
}
