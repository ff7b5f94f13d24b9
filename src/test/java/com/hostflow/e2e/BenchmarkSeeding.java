package com.hostflow.e2e;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Set-based SQL seeding straight into the hostflow tables: clients with an account each, and ACTIVE services copied
 * from one service that was really ordered through the API (so tariff, add-ons, parameters and module are exactly
 * what HostFlow writes). Ten thousands of rows in a few seconds, no process instance: a seeded service looks like one
 * whose order process ended long ago.
 */
final class BenchmarkSeeding {

    private BenchmarkSeeding() {
    }

    /** The seeded services: ids {@code firstId..lastId}, all with {@code domain like 'seed-<tag>-%'}. */
    record Seeded(String tag, long firstId, long lastId, int services, int clients) {

        String where() {
            return "id between " + firstId + " and " + lastId;
        }
    }

    /**
     * {@code services} ACTIVE services paid until {@code paidUntil}, {@code perClient} per client, each client with
     * an account holding {@code balance}; copies of {@code templateServiceId}.
     */
    static Seeded services(JdbcTemplate jdbc, long templateServiceId, String tag, int services, int perClient,
            String balance, Instant paidUntil) {
        int clients = (services + perClient - 1) / perClient;
        long providerId = jdbc.queryForObject("select provider_id from hostflow.service where id = ?", Long.class,
                templateServiceId);
        String currency = jdbc.queryForObject("select a.currency from hostflow.account a join hostflow.service s"
                + " on s.client_id = a.client_id and s.provider_id = a.provider_id where s.id = ?", String.class,
                templateServiceId);
        jdbc.update("insert into hostflow.client (email, name, provider_id, created_at)"
                + " select 'seed-' || ? || '-' || g || '@bench.example', 'Seeded ' || g, ?, now()"
                + " from generate_series(1, ?) g", tag, providerId, clients);
        jdbc.update("insert into hostflow.account (client_id, provider_id, currency, balance, created_at)"
                + " select id, provider_id, ?, ?::numeric, now() from hostflow.client where email like ?",
                currency, balance, "seed-" + tag + "-%");

        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("client_id", "c.id");
        overrides.put("status", "'ACTIVE'");
        overrides.put("paid_until", "?");
        overrides.put("previous_addons", "null");
        overrides.put("external_id", "null");
        overrides.put("ip_addresses", "null");
        overrides.put("domain", "'seed-' || ? || '-' || c.id || '-' || g");
        overrides.put("created_at", "now()");
        overrides.put("updated_at", "now()");
        overrides.put("version", "0");
        overrides.put("prolongation_claim", "null");
        overrides.put("delete_at", "null");
        List<String> columns = jdbc.queryForList("select column_name from information_schema.columns"
                + " where table_schema = 'hostflow' and table_name = 'service' and column_name <> 'id'"
                + " order by ordinal_position", String.class);
        String values = columns.stream().map(c -> overrides.getOrDefault(c, "t." + c))
                .collect(Collectors.joining(", "));
        // the two placeholders appear in column order: paid_until comes before domain in the table
        boolean paidFirst = columns.indexOf("paid_until") < columns.indexOf("domain");
        Object[] args = paidFirst
                ? new Object[] {Timestamp.from(paidUntil), tag, templateServiceId, "seed-" + tag + "-%", services}
                : new Object[] {tag, Timestamp.from(paidUntil), templateServiceId, "seed-" + tag + "-%", services};
        jdbc.update("insert into hostflow.service (" + String.join(", ", columns) + ") select " + values
                + " from hostflow.service t cross join hostflow.client c cross join generate_series(1, " + perClient
                + ") g where t.id = ? and c.email like ? order by c.id, g limit ?", args);
        Map<String, Object> range = jdbc.queryForMap("select min(id) as first, max(id) as last, count(*) as n"
                + " from hostflow.service where domain like ?", "seed-" + tag + "-%");
        jdbc.execute("analyze hostflow.service");
        jdbc.execute("analyze hostflow.client");
        jdbc.execute("analyze hostflow.account");
        return new Seeded(tag, ((Number) range.get("first")).longValue(), ((Number) range.get("last")).longValue(),
                ((Number) range.get("n")).intValue(), clients);
    }
}
