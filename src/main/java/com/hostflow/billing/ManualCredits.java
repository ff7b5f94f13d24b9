package com.hostflow.billing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.billing.BillingService.CreditReceipt;
import com.hostflow.clients.ClientService;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.IdempotencyKeyHeader;
import com.hostflow.common.web.NotFoundException;

/**
 * Credits an admin gives a client by hand: a goodwill credit after an outage, a correction. An {@code ADJUSTMENT}
 * credit like any other (it wakes what waits for the client's money), audited. Sent again under its
 * {@code Idempotency-Key} it gives nothing twice.
 */
@Service
public class ManualCredits {

    static final String AUDIT_ENTITY = "credit";

    private final BillingService billing;
    private final CreditRepository credits;
    private final ClientService clients;
    private final AuditLog auditLog;
    private final AccountRepository accounts;
    private final JdbcTemplate jdbc;

    ManualCredits(BillingService billing, CreditRepository credits, ClientService clients, AuditLog auditLog,
            AccountRepository accounts, JdbcTemplate jdbc) {
        this.billing = billing;
        this.credits = credits;
        this.clients = clients;
        this.auditLog = auditLog;
        this.accounts = accounts;
        this.jdbc = jdbc;
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
        if (idempotencyKey != null) {
            IdempotencyKeyHeader.check(idempotencyKey);
            // the credit locks the account it goes to: requests under one key for two providers would not wait for
            // each other, and the second would meet the first's key as a duplicate row
            jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))",
                    "hostflow.credit:" + clientId + ":" + idempotencyKey);
        }
        // looked up also when the provider is given: an unknown client is 404, not the account's foreign key (409)
        long ownProvider = clients.client(clientId).getProviderId();
        long provider = providerId != null ? providerId : ownProvider;
        String key = "adjustment-" + clientId + "-" + (idempotencyKey != null ? idempotencyKey : UUID.randomUUID());
        String text = description == null ? null : description.trim();
        CreditReceipt receipt = billing.credit(new CreditRequest(key, clientId, provider, null, CreditKind.ADJUSTMENT,
                amount, null, null, text));
        Credit credit = credits.findById(receipt.creditId()).orElseThrow();
        if (receipt.repeated()) {
            boolean sameAccount = accounts.findIdByClientIdAndProviderId(clientId, provider)
                    .filter(id -> id == credit.getAccountId()).isPresent();
            if (!sameAccount || credit.getAmount().compareTo(amount) != 0 || !credit.getDescription().equals(text)) {
                throw new ConflictException(IdempotencyKeyHeader.NAME + " " + idempotencyKey + " was used for another"
                        + " credit before; use a new key for a new credit");
            }
            return new Given(credit, true);
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
