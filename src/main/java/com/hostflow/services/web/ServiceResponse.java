package com.hostflow.services.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.hostflow.catalog.Period;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * A service as the API shows it; {@code statusReasons} are the suspension reasons in force; {@code deleteAt} when a
 * deletion is on record (in the future: its client deleted it for the end of the paid period and may still withdraw).
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
        Map<String, Long> addons,
        Map<String, String> params,
        Long processingModuleId,
        String externalId,
        String domain,
        List<String> ipAddresses,
        Instant createdAt,
        Instant updatedAt) {

    public static ServiceResponse of(ServiceInstance s) {
        return new ServiceResponse(s.getId(), s.getClientId(), s.getTariffId(), s.getProviderId(),
                s.getProductType(), s.getStatus(), s.getSuspensionReasons().stream().sorted().toList(),
                s.getPeriod(), s.isTrial(), s.getPaidUntil(), s.getDeleteAt(), s.getAddons(), s.getParams(),
                s.getProcessingModuleId(), s.getExternalId(), s.getDomain(), s.getIpAddresses(),
                s.getCreatedAt(), s.getUpdatedAt());
    }
}
