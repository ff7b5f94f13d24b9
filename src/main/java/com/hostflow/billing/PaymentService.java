package com.hostflow.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.clients.ClientService;
import com.hostflow.common.database.AfterCommit;
import com.hostflow.common.database.MoneyColumn;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.CreateOnce;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.RequestKeys;

/** Money coming in. Idempotent on the payment's external id. */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    /** What a payment's Idempotency-Key is recorded as. */
    private static final String PAYMENT_REQUEST = "payment";

    private final PaymentRepository payments;
    private final AccountRepository accounts;
    private final AccountLedger ledger;
    private final ApplicationEventPublisher events;
    private final ClientService clients;
    private final JdbcTemplate jdbc;
    private final AuditLog auditLog;
    private final RequestKeys requestKeys;

    PaymentService(PaymentRepository payments, AccountRepository accounts, AccountLedger ledger,
            ApplicationEventPublisher events, ClientService clients, JdbcTemplate jdbc, AuditLog auditLog,
            RequestKeys requestKeys) {
        this.payments = payments;
        this.accounts = accounts;
        this.ledger = ledger;
        this.events = events;
        this.clients = clients;
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.requestKeys = requestKeys;
    }

    /** A payment and whether this call created it ({@code false}: the external id was known, nothing credited). */
    public record PaymentOutcome(Payment payment, boolean created) {
    }

    /**
     * {@link #receive(long, long, BigDecimal, String)} for the client's account at {@code providerId}, or at the
     * client's own provider when it is null.
     *
     * @throws NotFoundException for an unknown client
     */
    @Transactional
    public PaymentOutcome receiveForClient(long clientId, Long providerId, BigDecimal amount, String externalId) {
        return receiveForClient(clientId, providerId, amount, externalId, null);
    }

    /**
     * {@link #receiveForClient(long, Long, BigDecimal, String)} under the caller's {@code Idempotency-Key} (null:
     * none), checked before the external id: the key's earlier request answers its payment (nothing credited),
     * another request under the key is 409. The key is the caller's own and names one request whatever its client
     * (kept under {@link CreateOnce#CATALOG}, as a create's), so it is recorded with the payment it answered, also
     * with one its external id found.
     *
     * @throws com.hostflow.common.web.KeyUsedForAnotherRequest when the key came with another request before
     */
    @Transactional
    public PaymentOutcome receiveForClient(long clientId, Long providerId, BigDecimal amount, String externalId,
            String idempotencyKey) {
        // looked up also when the provider is given: an unknown client is 404, as without it, not the account's
        // foreign key (409 "does not exist (any more)")
        long ownProvider = clients.client(clientId).getProviderId();
        long provider = providerId != null ? providerId : ownProvider;
        if (idempotencyKey == null) {
            return receive(clientId, provider, amount, externalId);
        }
        // the account the money goes to, 10 as 10.00: what the payment is, not how it was spelt
        String request = clientId + "|" + provider + "|" + (amount == null ? null
                : amount.stripTrailingZeros().toPlainString()) + "|" + externalId;
        Optional<Long> earlier = requestKeys.madeBefore(CreateOnce.CATALOG, idempotencyKey, PAYMENT_REQUEST, request);
        if (earlier.isPresent()) {
            return new PaymentOutcome(payment(earlier.get()), false);
        }
        PaymentOutcome outcome = receive(clientId, provider, amount, externalId);
        requestKeys.record(CreateOnce.CATALOG, idempotencyKey, PAYMENT_REQUEST, request, outcome.payment().getId());
        return outcome;
    }

    /**
     * Credits the client's account at the provider and publishes {@link PaymentReceived}. The same
     * {@code externalId} again returns the first payment and credits nothing, also when both arrive at once: the
     * check runs under a lock of the external id, held to the end of the transaction (the account's row lock alone
     * let two accounts' payments of one id both pass, and the later one met the unique key: a bare 409), and the
     * unique constraint backs it up.
     *
     * @throws ConflictException when the external id belongs to another client's payment, to one into the client's
     *         account at another provider, or to one of another amount
     */
    @Transactional
    public PaymentOutcome receive(long clientId, long providerId, BigDecimal amount, String externalId) {
        new FieldProblems()
                .addIf(amount == null || amount.signum() <= 0, "amount", "must be greater than 0")
                .addIf(amount != null && !Money.hasCents(amount), "amount", "must have at most 2 decimals")
                .addIf(externalId == null || externalId.isBlank(), "externalId", "must not be blank")
                .addIf(externalId != null && !externalId.isBlank() && !opaqueToken(externalId), "externalId",
                        "must not start or end with a blank nor hold control or invisible characters: it is compared"
                                + " as sent")
                .throwIfAny();
        // the id before the account: payments of one account take the id's lock first, so no cycle; a known id is
        // answered under the id's lock alone, before the account is locked or opened
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "hostflow.payment:" + externalId);
        var known = payments.findByExternalId(externalId);
        if (known.isPresent()) {
            if (known.get().getClientId() != clientId) {
                throw new ConflictException("payment " + externalId + " belongs to another client");
            }
            long knownProvider = accounts.findById(known.get().getAccountId()).orElseThrow().getProviderId();
            if (knownProvider != providerId) {
                // money for another of the client's accounts: answering the first (200) hid that it never came,
                // and the account it named was opened for nothing
                throw new ConflictException("payment " + externalId + " was received already into the account at"
                        + " provider " + knownProvider + ", not provider " + providerId + "; another payment needs"
                        + " an externalId of its own");
            }
            if (known.get().getAmount().compareTo(amount) != 0) {
                // not the same payment sent again: answering the first (200, nothing credited) hid that this one's
                // money never reached the balance
                throw new ConflictException("payment " + externalId + " was received already as "
                        + known.get().getAmount() + ", not " + Money.round(amount) + "; another payment needs an"
                        + " externalId of its own");
            }
            return new PaymentOutcome(known.get(), false);
        }
        Account account = ledger.lock(clientId, providerId);
        BigDecimal credited = Money.round(amount);
        // said of the amount: the database's refusal at the flush named the whole body ("a value is out of range")
        BigDecimal balance = account.getBalance().add(credited);
        new FieldProblems().addIf(balance.compareTo(MoneyColumn.MAX) > 0, "amount", "the balance would be " + balance
                + ", more than an account can hold (" + MoneyColumn.MAX + ")").throwIfAny();
        account.add(credited);
        Payment payment = payments.save(new Payment(account, credited, externalId, ledger.now()));
        String currency = account.getCurrency();
        // said once it committed: the same payment sent twice at once is credited by one of them
        AfterCommit.run(() -> log.info("payment {} of {} {} for client {}", externalId, credited, currency,
                clientId));
        // who recorded the money (an admin or a gateway's account); a known external id sent again records nothing
        auditLog.record(AuditAction.CREATE, "payment", payment.getId(), null, Map.of("clientId", clientId,
                "providerId", providerId, "amount", credited.toPlainString(), "currency", account.getCurrency(),
                "externalId", externalId));
        events.publishEvent(new PaymentReceived(clientId, providerId, payment.getId(), credited));
        return new PaymentOutcome(payment, true);
    }

    /**
     * A bank's or gateway's reference is an opaque token compared as sent: a stray blank or an invisible character
     * made a retry a second payment that credited twice. Refused, not trimmed: trimming could merge distinct ids.
     */
    static boolean opaqueToken(String externalId) {
        int first = externalId.codePointAt(0);
        int last = externalId.codePointBefore(externalId.length());
        return !blank(first) && !blank(last) && externalId.codePoints().noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        });
    }

    private static boolean blank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    @Transactional(readOnly = true)
    public Payment payment(long paymentId) {
        return payments.findById(paymentId).orElseThrow(() -> new NotFoundException("payment", paymentId));
    }

    /** Newest first; all clients when {@code clientId} is null. */
    @Transactional(readOnly = true)
    public List<Payment> payments(Long clientId, int page, int size) {
        PageRequest request = PageRequest.of(page, size);
        return clientId == null ? payments.findAllByOrderByIdDesc(request)
                : payments.findByClientIdOrderByIdDesc(clientId, request);
    }
}
