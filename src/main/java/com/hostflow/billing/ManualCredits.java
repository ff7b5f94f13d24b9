package com.hostflow.billing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.billing.BillingService.CreditReceipt;
import com.hostflow.clients.ClientService;
import com.hostflow.common.database.MoneyColumn;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.RequestKeys;

/**
 * Credits an admin gives a client by hand: a goodwill credit after an outage, a correction. An {@code ADJUSTMENT}
 * credit like any other (it wakes what waits for the client's money), audited. Sent again under its
 * {@code Idempotency-Key} it gives nothing twice ({@link RequestKeys}, the key is the caller's own within the client).
 */
@Service
public class ManualCredits {

    static final String AUDIT_ENTITY = "credit";
    /** What a credit's Idempotency-Key is recorded as. */
    private static final String CREDIT_REQUEST = "credit";

    private final BillingService billing;
    private final CreditRepository credits;
    private final ClientService clients;
    private final AuditLog auditLog;
    private final RequestKeys requestKeys;

    ManualCredits(BillingService billing, CreditRepository credits, ClientService clients, AuditLog auditLog,
            RequestKeys requestKeys) {
        this.billing = billing;
        this.credits = credits;
        this.clients = clients;
        this.auditLog = auditLog;
        this.requestKeys = requestKeys;
    }

    /** A credit and whether it was given before (the same request sent again under its key). */
    public record Given(Credit credit, boolean givenBefore) {
    }

    /**
     * Credits {@code amount} to the client's account at {@code providerId} (null: the client's own provider).
     *
     * @param idempotencyKey the caller's key (null: none); the same key again answers the first credit
     * @throws NotFoundException for an unknown client
     * @throws ConflictException when the key was used for another credit
     */
    @Transactional
    public Given give(long clientId, Long providerId, BigDecimal amount, String description, String idempotencyKey) {
        // looked up also when the provider is given: an unknown client is 404, not the account's foreign key (409)
        long ownProvider = clients.client(clientId).getProviderId();
        long provider = providerId != null ? providerId : ownProvider;
        String text = description == null ? null : description.trim();
        // a key names one credit at one provider: another provider's account under it is another request (409)
        String request = provider + "|" + (amount == null ? null : amount.stripTrailingZeros().toPlainString()) + "|"
                + text;
        if (idempotencyKey != null) {
            Optional<Long> givenBefore = requestKeys.madeBefore(clientId, idempotencyKey, CREDIT_REQUEST, request);
            if (givenBefore.isPresent()) {
                return new Given(credits.findById(givenBefore.get()).orElseThrow(), true);
            }
        }
        // said of the amount, as a payment's: the database's refusal at the write named the whole body
        BigDecimal balance = amount == null ? null : billing.lockedBalance(clientId, provider).add(amount);
        new FieldProblems().addIf(balance != null && balance.compareTo(MoneyColumn.MAX) > 0, "amount", "the balance would be "
                + balance + ", more than an account can hold (" + MoneyColumn.MAX + ")").throwIfAny();
        CreditReceipt receipt = billing.credit(new CreditRequest("adjustment-" + UUID.randomUUID(), clientId, provider,
                null, CreditKind.ADJUSTMENT, amount, null, null, text));
        Credit credit = credits.findById(receipt.creditId()).orElseThrow();
        if (idempotencyKey != null) {
            requestKeys.record(clientId, idempotencyKey, CREDIT_REQUEST, request, credit.getId());
        }
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, credit.getId(), null, Map.of("clientId", clientId,
                "providerId", provider, "amount", credit.getAmount(), "description", text));
        return new Given(credit, false);
    }

    /** One of the client's credits (any kind); 404 for an unknown id or another client's credit. */
    @Transactional(readOnly = true)
    public Credit credit(long clientId, long creditId) {
        return credits.findById(creditId).filter(credit -> credit.getClientId() == clientId)
                .orElseThrow(() -> new NotFoundException("credit", creditId));
    }
}
