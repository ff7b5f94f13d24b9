package com.hostflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the benchmarks share: the machine they ran on, the figures files they write (under
 * {@code target/benchmarks/}, one Markdown table each, ready for BENCHMARKS.md), percentiles, the Hikari timeout
 * counter, PostgreSQL sizes, and an HTTP client per simulated customer. Benchmarks assert nothing about time.
 */
final class BenchmarkSupport {

    static final Path FIGURES = Path.of("target", "benchmarks");

    private BenchmarkSupport() {
    }

    // --- the machine ----------------------------------------------------------------------------------------------

    /** One line: cores, memory, JVM, PostgreSQL, CPU model and the load average when the benchmark ran. */
    static String machine(JdbcTemplate jdbc) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getTotalMemorySize() / (1024L * 1024 * 1024) : -1;
        String postgres = jdbc.queryForObject("show server_version", String.class);
        String fsync = jdbc.queryForObject("show fsync", String.class);
        String syncCommit = jdbc.queryForObject("show synchronous_commit", String.class);
        String pool = jdbc.getDataSource() instanceof com.zaxxer.hikari.HikariDataSource hikari
                ? "Hikari pool " + hikari.getMaximumPoolSize() : "pool ?";
        return String.format("%d cores (nproc), %d GiB, %s, OpenJDK %s, embedded PostgreSQL %s (fsync %s,"
                + " synchronous_commit %s), %s, load average %.1f at the end of the run (shared machine)",
                Runtime.getRuntime().availableProcessors(), memory, cpuModel(), System.getProperty("java.version"),
                postgres, fsync, syncCommit, pool, os.getSystemLoadAverage());
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("cpu ?");
        } catch (IOException | RuntimeException e) {
            return "cpu ?";
        }
    }

    /**
     * CPU seconds used so far by this JVM and by the embedded PostgreSQL server (its postmaster and backends, found
     * by its port in /proc): on a shared machine the CPU an operation costs is steadier than the wall-clock time.
     */
    static double[] cpuSeconds() {
        double jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean
                sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
        return new double[] {jvm, postgresCpuSeconds()};
    }

    private static double postgresCpuSeconds() {
        int port = com.hostflow.support.EmbeddedPostgres.server().getPort();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<Path> all = procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
            String postmaster = null;
            for (Path proc : all) {
                String cmdline = read(proc.resolve("cmdline")).replace('\0', ' ');
                if (cmdline.contains("postgres") && cmdline.contains("-p " + port + " ")) {
                    postmaster = proc.getFileName().toString();
                    break;
                }
            }
            if (postmaster == null) {
                return Double.NaN;
            }
            double ticks = 0;
            for (Path proc : all) {
                String[] stat = statFields(read(proc.resolve("stat")));
                if (stat.length > 15 && (proc.getFileName().toString().equals(postmaster)
                        || stat[1].equals(postmaster))) {
                    ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                }
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds the JVM's JIT compiler threads used so far (from /proc/self/task; NaN where there is none): on two
     * cores a JIT still at work takes a visible share from the rounds measured after the warm-up.
     */
    static double jitCpuSeconds() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            double ticks = 0;
            for (Path task : tasks.toList()) {
                String stat = read(task.resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open >= 0 && close > open && stat.substring(open + 1, close).contains("CompilerThre")) {
                    String[] fields = statFields(stat);
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The fields of /proc/<pid>/stat after the command name: state, ppid, ..., utime (index 11), stime (12). */
    private static String[] statFields(String stat) {
        int end = stat.lastIndexOf(')');
        return end < 0 ? new String[0] : stat.substring(end + 2).trim().split(" ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Prints the figures and writes them to {@code target/benchmarks/<name>.md}. */
    static void report(String name, String markdown) {
        String text = "<!-- " + name + ", " + LocalDate.now() + " -->\n" + markdown + "\n";
        System.out.printf("%n==== BENCHMARK %s ====%n%s%n", name, text);
        try {
            Files.createDirectories(FIGURES);
            Files.writeString(FIGURES.resolve(name + ".md"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.min(index, sorted.size() - 1));
    }

    /** Hikari's "connection is not available" timeouts so far ({@code hikaricp_connections_timeout_total}). */
    static double connectionTimeouts(MeterRegistry registry) {
        return registry.find("hikaricp.connections.timeout").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    static boolean connectionTimeoutsMetered(MeterRegistry registry) {
        return !registry.find("hikaricp.connections.timeout").counters().isEmpty();
    }

    // --- PostgreSQL sizes -----------------------------------------------------------------------------------------

    /** Bytes of every table (with its indexes and TOAST) of schema hostflow and of the engine (act_*), by table. */
    static Map<String, Long> tableSizes(JdbcTemplate jdbc) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        jdbc.query("select n.nspname || '.' || c.relname as name, pg_total_relation_size(c.oid) as bytes"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r'"
                + " and (n.nspname = 'hostflow' or (n.nspname = 'public' and c.relname like 'act\\_%'))"
                + " order by 1", rs -> {
                    sizes.put(rs.getString("name"), rs.getLong("bytes"));
                });
        return sizes;
    }

    /** Engine runtime (act_ru_*), engine history (act_hi_*), the rest of the engine, the hostflow tables. */
    static String category(String table) {
        String name = table.substring(table.indexOf('.') + 1);
        if (table.startsWith("hostflow.")) {
            return "hostflow tables";
        }
        if (name.startsWith("act_ru_")) {
            return "engine runtime (act_ru_*)";
        }
        if (name.startsWith("act_hi_")) {
            return "engine history (act_hi_*)";
        }
        if (name.equals("act_ge_bytearray")) {
            return "engine byte arrays (act_ge_bytearray)";
        }
        return "engine other (act_re_*, act_id_*, act_ge_property, ...)";
    }

    // --- clients --------------------------------------------------------------------------------------------------

    /** One customer with its own HTTP client and login, ordering over the REST API. */
    static final class Customer {

        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;
        private final String authorization;
        final long clientId;

        Customer(int port, String username, String password, long clientId) {
            this.base = "http://localhost:" + port;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            this.clientId = clientId;
        }

        /** POST /api/v1/orders; answers the new service's id. */
        long order(long tariffId) {
            Map<String, Object> body = Map.of("clientId", clientId, "tariffId", tariffId, "period", "MONTH",
                    "params", Map.of("os", "ubuntu-24.04"));
            JsonNode answer = post("/api/v1/orders", body);
            return answer.get("serviceId").asLong();
        }

        JsonNode post(String path, Object body) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofMinutes(2))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                            + response.body());
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Customers of the provider, each with a login of its own and money on its balance. */
    static List<Customer> customers(EndToEndApi api, EndToEndApi.Login admin, int port, long providerId, int count,
            String unique, String money) {
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EndToEndApi.Client client = api.client(admin, providerId, unique + "-" + i);
            api.pay(admin, client.id(), money);
            customers.add(new Customer(port, client.login().username(), client.login().password(), client.id()));
        }
        return customers;
    }

    static String bytes(double bytes) {
        return String.format("%.1f KiB", bytes / 1024.0);
    }
}
