package com.hostflow.notifications;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.CatalogLookup.ProviderMail;

import jakarta.persistence.EntityManager;

/**
 * The billing run's renewal mail ({@value #TEMPLATE}): after the run's lanes, one mail per client listing every
 * service the run prolonged from the balance (its charges that carry the run, {@code charge.billing_run}) with
 * tariff, period, new paid-until and amount, the total and the balance after. A service the run could not prolong
 * (too little balance) has no such charge and is in no mail. The mails are written from one query per batch of
 * clients, with a model of their own (not {@link NotificationModels}' per-service one), under the key
 * {@code renewals-<run>-<client>}. A batch's mails are written in the transaction of the run's job that writes them,
 * with the run's position: a crash loses none of them (the job is done again), and the step done again writes no mail
 * twice. A transaction of each client's own cost a commit (a disk flush) per client, 4.4 ms of the run per client,
 * and a second connection beside the job's.
 */
@Service
public class RenewalMails {

    public static final String TEMPLATE = "services-renewed";

    private static final Logger log = LoggerFactory.getLogger(RenewalMails.class);

    private final JdbcTemplate jdbc;
    private final Notifications notifications;
    private final CatalogLookup catalog;
    private final EntityManager entityManager;

    RenewalMails(JdbcTemplate jdbc, Notifications notifications, CatalogLookup catalog, EntityManager entityManager) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.catalog = catalog;
        this.entityManager = entityManager;
    }

    /** Where a run's mailing stands: the last client id mailed, and whether the batch was full (more may follow). */
    public record Batch(long lastClientId, boolean full) {
    }

    /** The idempotency key of a run's renewal mail to a client. */
    static String key(String billingRun, long clientId) {
        return "renewals-" + billingRun + "-" + clientId;
    }

    /**
     * Writes the renewal mails of the run's next {@code size} clients after {@code afterClientId} (in id order): one
     * query for their renewals, then each client's mail, all in the caller's transaction (the job's); a client mailed
     * before (the step done again after a crash) is left alone. One written by another transaction at the same moment
     * fails the job as a concurrent change, and its retry finds it written.
     */
    @Transactional
    public Batch mailBatch(String billingRun, long afterClientId, int size) {
        // a charge of the run's batch retry made now waits for this batch (and sees the position it commits), or
        // this batch for that charge (and reads it): see mailLateRenewal
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", lockName(billingRun));
        List<Long> clients = jdbc.queryForList("select distinct client_id from hostflow.charge where billing_run = ?"
                + " and client_id > ? order by client_id limit ?", Long.class, billingRun, afterClientId, size);
        if (clients.isEmpty()) {
            return progress(billingRun, new Batch(afterClientId, false));
        }
        long last = clients.get(clients.size() - 1);
        Map<Long, Renewals> byClient = renewals("c.billing_run = ? and c.client_id > ? and c.client_id <= ?",
                billingRun, afterClientId, last);
        Set<String> written = mailedBefore(billingRun, clients);
        Map<Long, ProviderMail> providers = new HashMap<>();
        int mailed = 0;
        for (Renewals renewals : byClient.values()) {
            String key = key(billingRun, renewals.clientId);
            if (written.contains(key)) {
                continue;
            }
            write(key, renewals, providers.computeIfAbsent(renewals.providerId, this::provider));
            mailed++;
        }
        log.info("billing run {}: renewal mails of {} clients written ({} before)", billingRun, mailed,
                byClient.size() - mailed);
        return progress(billingRun, new Batch(last, clients.size() == size));
    }

    /** Records where the run's mail step stands, in the batch's transaction, for {@link #mailLateRenewal}. */
    private Batch progress(String billingRun, Batch batch) {
        jdbc.update("insert into hostflow.renewal_mail_progress (billing_run, last_client_id, done) values (?, ?, ?)"
                + " on conflict (billing_run) do update set last_client_id = excluded.last_client_id,"
                + " done = excluded.done", billingRun, batch.lastClientId(), !batch.full());
        return batch;
    }

    /**
     * Whether the run's mail step has committed its mails of the clients up to {@code clientId}: its last batch was
     * not full (it read every client), or it got to this client. Not while the run's lanes still go (no row yet), nor
     * for a run cancelled before its mails (whose clients got none).
     */
    private boolean mailedPast(String billingRun, long clientId) {
        return !jdbc.queryForList("select 1 from hostflow.renewal_mail_progress where billing_run = ?"
                + " and (done or last_client_id >= ?)", billingRun, clientId).isEmpty();
    }

    /**
     * The renewal mail of one service the run charged in a job of its own (its batch failed and was retried a service
     * per job), when the run's mail step has already read its client's charges without it: it is then in no mail of
     * the step's. Written in the caller's (the charge's) transaction under {@code renewals-<run>-<client>-<service>},
     * listing that service alone. The step's position ({@code renewal_mail_progress}) is read under a lock the step's
     * batch holds until it commits, so either the step's batch waits for this charge and reads it, or this charge sees
     * the batch's position. Answers whether a mail was written.
     */
    @Transactional
    public boolean mailLateRenewal(String billingRun, long serviceId) {
        // the charge's new balance, still in the persistence context, is what the mail says is left
        entityManager.flush();
        jdbc.queryForList("select pg_advisory_xact_lock_shared(hashtext(?))", lockName(billingRun));
        Map<Long, Renewals> byClient = renewals("c.billing_run = ? and c.service_id = ?", billingRun, serviceId);
        if (byClient.isEmpty()) {
            return false;
        }
        Renewals renewals = byClient.values().iterator().next();
        String key = key(billingRun, renewals.clientId) + "-" + serviceId;
        if (!mailedPast(billingRun, renewals.clientId) || !jdbc.queryForList("select 1 from hostflow.notification"
                + " where idempotency_key = ?", key).isEmpty()) {
            return false;
        }
        write(key, renewals, provider(renewals.providerId));
        log.info("billing run {}: renewal mail of service {} charged after its client's mails were written", billingRun,
                serviceId);
        return true;
    }

    private void write(String key, Renewals renewals, ProviderMail provider) {
        notifications.write(key, TEMPLATE, new Notifications.Recipient(renewals.clientId, renewals.email,
                renewals.name, renewals.language), null, renewals.providerId, renewals.model(provider));
    }

    private ProviderMail provider(long providerId) {
        return catalog.providerMail(providerId).orElse(new ProviderMail(providerId, "", "", null, null));
    }

    /** The lock that orders a run's mail step and its late charges (transaction-scoped, PostgreSQL advisory). */
    private static String lockName(String billingRun) {
        return "hostflow.renewal-mails:" + billingRun;
    }

    /** The run's renewals of the charges {@code where} selects, a line per service, by client. */
    private Map<Long, Renewals> renewals(String where, Object... args) {
        Map<Long, Renewals> byClient = new LinkedHashMap<>();
        jdbc.query("select c.client_id, cl.name as client_name, cl.email, cl.language, a.provider_id, a.balance,"
                + " c.service_id, s.domain, t.name as tariff, s.period, sum(c.amount) as amount,"
                + " max(c.period_to) as paid_until"
                + " from hostflow.charge c join hostflow.client cl on cl.id = c.client_id"
                + " join hostflow.account a on a.id = c.account_id join hostflow.service s on s.id = c.service_id"
                + " join hostflow.tariff_plan t on t.id = s.tariff_id"
                + " where " + where
                + " group by c.client_id, cl.name, cl.email, cl.language, a.provider_id, a.balance, c.service_id,"
                + " s.domain, t.name, s.period order by c.client_id, c.service_id", rs -> {
                    long clientId = rs.getLong("client_id");
                    Renewals renewals = byClient.get(clientId);
                    if (renewals == null) {
                        renewals = new Renewals(clientId, rs.getString("client_name"), rs.getString("email"),
                                rs.getString("language"), rs.getLong("provider_id"), rs.getBigDecimal("balance"));
                        byClient.put(clientId, renewals);
                    }
                    Date paidUntil = rs.getDate("paid_until");
                    renewals.add(rs.getLong("service_id"), rs.getString("domain"), rs.getString("tariff"),
                            rs.getString("period"), paidUntil == null ? null : paidUntil.toLocalDate().toString(),
                            rs.getBigDecimal("amount"));
                }, args);
        return byClient;
    }

    /** The keys of the clients' renewal mails of this run written before. */
    private Set<String> mailedBefore(String billingRun, List<Long> clients) {
        List<String> keys = clients.stream().map(client -> key(billingRun, client)).toList();
        String marks = String.join(",", Collections.nCopies(keys.size(), "?"));
        return new HashSet<>(jdbc.queryForList("select idempotency_key from hostflow.notification"
                + " where idempotency_key in (" + marks + ")", String.class, keys.toArray()));
    }

    /** A service in the mail's list, as its templates read it ({@code renewal.id}, {@code renewal.amount}, ...). */
    static Map<String, Object> line(long serviceId, String domain, String tariff, String period, String paidUntil,
            String amount) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", serviceId);
        line.put("domain", domain);
        line.put("tariff", tariff);
        line.put("period", period);
        line.put("paidUntil", paidUntil);
        line.put("amount", amount);
        return line;
    }

    /** One client's renewals in a run, and what its mail shows beside them. */
    private static final class Renewals {

        final long clientId;
        final String name;
        final String email;
        final String language;
        final long providerId;
        final BigDecimal balance;
        final List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;

        Renewals(long clientId, String name, String email, String language, long providerId, BigDecimal balance) {
            this.clientId = clientId;
            this.name = name;
            this.email = email;
            this.language = language;
            this.providerId = providerId;
            this.balance = balance;
        }

        void add(long serviceId, String domain, String tariff, String period, String paidUntil, BigDecimal amount) {
            lines.add(line(serviceId, domain, tariff, period, paidUntil, NotificationModels.money(amount)));
            total = total.add(amount);
        }

        /** The mail's model: the maps every mail has (empty where a renewal mail has nothing), and the renewals. */
        Map<String, Object> model(ProviderMail provider) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("event", TEMPLATE);
            model.put("client", NotificationModels.client(clientId, name, email));
            model.put("provider", NotificationModels.provider(provider));
            model.put("signature", NotificationModels.signature(provider));
            model.put("service", Map.of());
            model.put("order", Map.of());
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("balance", NotificationModels.money(balance));
            account.put("currency", provider.currency());
            model.put("account", account);
            model.put("credentials", Map.of());
            model.put("params", Map.of());
            model.put("renewals", lines);
            model.put("count", lines.size());
            model.put("total", NotificationModels.money(total));
            return model;
        }
    }
}
