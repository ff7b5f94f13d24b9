package com.hostflow.simulator.vmmanager6;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.annotation.PreDestroy;

/**
 * A VMmanager 6 in HostFlow's JVM: accounts, presets, OS images, one KVM cluster with one node, an IPv4 pool that
 * really hands out addresses, hosts and the tasks that change them. One lock guards all state; tasks finish on a
 * scheduler after {@code taskDelayMs}. Answers are maps shaped like VMmanager's JSON (snake_case fields). With a
 * state file ({@code hostflow.simulator.state-file}, the demo's) every change is written there before it is answered,
 * and a start reads it back, as a VMmanager on its own machine keeps its VMs when HostFlow restarts.
 */
@Component
@ConditionalOnProperty(name = "hostflow.simulator.enabled", havingValue = "true")
public class VmManager6Simulator {

    /** A task id the simulator can have made; compiled once, as polls ask for one task each. */
    private static final Pattern TASK_ID = Pattern.compile("\\d{1,18}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    static final String ADMIN_EMAIL = "admin@example.com";
    static final String ADMIN_PASSWORD = "secret";

    private static final Logger log = LoggerFactory.getLogger(VmManager6Simulator.class);
    private static final long CLUSTER_ID = 1;
    private static final long NODE_ID = 1;
    private static final long POOL_ID = 1;
    /** 10.0.0.0/16: room for tens of thousands of VMs, so benchmarks can open as many as they like */
    private static final String POOL_PREFIX = "10.0.";
    private static final int POOL_SIZE = 65_534;
    /** Finished tasks the state file keeps, newest first. */
    static final int KEPT_FINISHED_TASKS = 1_000;
    /** The OS images the simulator installs; the demo catalog offers them as the {@code os} parameter's choices. */
    public static final List<String> OS_NAMES = List.of("ubuntu-24.04", "debian-12", "almalinux-9");

    private final Object lock = new Object();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "vmmanager6-simulator");
        thread.setDaemon(true);
        return thread;
    });

    private SimulatorControl control = SimulatorControl.DEFAULT;
    private long generation;
    private long nextId;
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<Long, Account> accounts = new TreeMap<>();
    /** accounts by e-mail as stored: lookups by e-mail stay cheap however many clients the simulator has served */
    private final Map<String, Account> accountsByEmail = new HashMap<>();
    private final Map<Long, Preset> presets = new TreeMap<>();
    private final Map<Long, Host> hosts = new TreeMap<>();
    private final TreeMap<Long, Task> tasks = new TreeMap<>();
    private final Map<String, Long> addressOwners = new HashMap<>();
    private int nextAddress;
    private int runningTasks;
    private int maxRunningTasks;
    private long answerDelayMs;
    /** calls waiting out answerDelayMs (SimulatorGate) */
    private final AtomicInteger answersDelayed = new AtomicInteger();
    /** the answers of the calls waiting out answerDelayMs without a thread (SimulatorGate), each run once */
    private final Set<Runnable> answersWaiting = ConcurrentHashMap.newKeySet();
    /** host creations wait here while held (a creation on its way to VMmanager); its own monitor, not {@link #lock} */
    private final Object creationGate = new Object();
    private boolean creationsHeld;
    /** how many of the next host creations wait for {@link #releaseHostCreations()} while the others go through */
    private int nextCreationsToHold;
    /** bumped by {@link #releaseHostCreations()}: a creation held on its own waits until it changes */
    private long creationReleases;
    private int creationsWaiting;

    /** Where the state is kept between runs; null: in memory only. */
    private final SimulatorStateFile stateFile;

    /** In memory only. */
    public VmManager6Simulator() {
        this((SimulatorStateFile) null);
    }

    /**
     * With the state file {@code hostflow.simulator.state-file} names, if any. Read from the environment, not with
     * {@code @Value}: the simulator's own application has no placeholder resolution, and took the unresolved
     * {@code ${...}} for a file name (its state then outlived the process into the next run).
     */
    @Autowired
    VmManager6Simulator(Environment environment) {
        this(stateFile(environment.getProperty("hostflow.simulator.state-file", "")));
    }

    private static SimulatorStateFile stateFile(String path) {
        return path.isBlank() ? null : new SimulatorStateFile(Path.of(path));
    }

    VmManager6Simulator(SimulatorStateFile stateFile) {
        this.stateFile = stateFile;
        // read before anything is written: the file keeps the last state until the first change
        Optional<SimulatorStateFile.State> kept = stateFile == null ? Optional.empty() : stateFile.read();
        clear();
        kept.ifPresent(this::restore);
        if (stateFile != null) {
            log.info("simulator: state kept in {} ({} hosts)", stateFile.path(), hostCount());
        }
    }

    /** The file the state is kept in; empty: in memory only. */
    Optional<Path> stateFilePath() {
        return Optional.ofNullable(stateFile).map(SimulatorStateFile::path);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    // --- control --------------------------------------------------------------------------------------------------

    /** Forgets every account, preset, host and task and restores the default control values. */
    public void reset() {
        synchronized (lock) {
            clear();
            saved();
        }
        releaseHostCreations();
    }

    private void clear() {
        synchronized (lock) {
            generation++;
            control = SimulatorControl.DEFAULT;
            // ids count from the moment of the start (epoch milliseconds) and never back: HostFlow keeps the services
            // of the hosts a restart or a reset forgot, and an id handed out again sent their operations (a deletion)
            // to another service's new host
            nextId = Math.max(nextId, System.currentTimeMillis());
            tokens.clear();
            accounts.clear();
            accountsByEmail.clear();
            presets.clear();
            hosts.clear();
            tasks.clear();
            addressOwners.clear();
            // the address cursor goes on round the pool, never back to its start: the forgotten hosts' services keep
            // their addresses, and the next hosts were handed them again
            runningTasks = 0;
            maxRunningTasks = 0;
            answerDelayMs = 0;
            add(new Account(nextId++, ADMIN_EMAIL, hash(ADMIN_PASSWORD), "@admin"));
        }
    }

    /**
     * Host creations asked for from now on wait, unanswered and not yet made, until {@link #releaseHostCreations()}:
     * a creation still on its way to VMmanager while HostFlow does something else.
     */
    public void holdHostCreations() {
        synchronized (creationGate) {
            creationsHeld = true;
        }
    }

    /**
     * Only the next host creation waits, unanswered and not yet made, until {@link #releaseHostCreations()}; the ones
     * after it go through: a creation HostFlow gives up on (its read timeout) while its retry makes a host.
     */
    public void holdNextHostCreation() {
        synchronized (creationGate) {
            nextCreationsToHold++;
        }
    }

    /** The held host creations are made and answered. */
    public void releaseHostCreations() {
        synchronized (creationGate) {
            creationsHeld = false;
            nextCreationsToHold = 0;
            creationReleases++;
            creationGate.notifyAll();
        }
    }

    /** How many host creations wait to be released. */
    public int hostCreationsWaiting() {
        synchronized (creationGate) {
            return creationsWaiting;
        }
    }

    private void awaitCreationGate() {
        synchronized (creationGate) {
            creationsWaiting++;
            boolean heldOnItsOwn = nextCreationsToHold > 0;
            if (heldOnItsOwn) {
                nextCreationsToHold--;
            }
            long releases = creationReleases;
            try {
                while (creationsHeld || heldOnItsOwn && releases == creationReleases) {
                    creationGate.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                creationsWaiting--;
            }
        }
    }

    public SimulatorControl control() {
        synchronized (lock) {
            return control;
        }
    }

    public void control(SimulatorControl newControl) {
        synchronized (lock) {
            control = newControl;
        }
    }

    /**
     * Finishes every running task now, as the task time and fault rate say (for tests that let a task run long and
     * need not wait it out once they have seen what they wanted).
     */
    public void finishRunningTasks() {
        synchronized (lock) {
            for (Task task : List.copyOf(tasks.values())) {
                if (task.status.equals("running")) {
                    finishTask(task.id, generation);
                }
            }
        }
    }

    /** How long every VMmanager call waits before it is answered (a slow VMmanager); 0 answers at once. */
    public long answerDelayMs() {
        synchronized (lock) {
            return answerDelayMs;
        }
    }

    /** 0 answers the calls still waiting out the delay at once too: VMmanager is fast again. */
    public void answerDelayMs(long delayMs) {
        synchronized (lock) {
            answerDelayMs = delayMs;
        }
        if (delayMs == 0) {
            answersWaiting.forEach(Runnable::run);
        }
    }

    /**
     * A call waits out {@link #answerDelayMs()} without a thread: {@code answer} runs at the delay's end, or at once
     * when the delay drops to 0 (now or while it waits); it answers only if {@link #answering} lets it.
     */
    void answerLater(Runnable answer) {
        answersDelayed.incrementAndGet();
        answersWaiting.add(answer);
        if (answerDelayMs() == 0) { // dropped to 0 while the call came in
            answer.run();
        }
    }

    /** Whether {@code answer} (of {@link #answerLater}) is to answer now: once only, at the delay's end or its drop. */
    boolean answering(Runnable answer) {
        if (answersWaiting.remove(answer)) {
            answersDelayed.decrementAndGet();
            return true;
        }
        return false;
    }

    /** A call starts ({@code true}) or ends ({@code false}) waiting out {@link #answerDelayMs()}. */
    void answerDelayed(boolean waiting) {
        if (waiting) {
            answersDelayed.incrementAndGet();
        } else {
            answersDelayed.decrementAndGet();
        }
    }

    /** How many calls wait out the answer delay now. */
    int answersDelayed() {
        return answersDelayed.get();
    }

    public int hostCount() {
        synchronized (lock) {
            return hosts.size();
        }
    }

    public List<Map<String, Object>> hostsWithComment(String comment) {
        synchronized (lock) {
            return hosts.values().stream().filter(h -> comment.equals(h.comment)).map(this::hostView).toList();
        }
    }

    public List<Map<String, Object>> hostsNamed(String name) {
        synchronized (lock) {
            return hosts.values().stream().filter(h -> name.equals(h.name)).map(this::hostView).toList();
        }
    }

    /** Every host as VMmanager shows it, for checks and the drift tests. */
    public List<Map<String, Object>> allHosts() {
        synchronized (lock) {
            return hosts.values().stream().map(this::hostView).toList();
        }
    }

    /** An administrator deletes a host in VMmanager by hand, without HostFlow knowing (drift). */
    public void deleteHostBehindHostFlowsBack(long id) {
        synchronized (lock) {
            Host host = hosts.remove(id);
            if (host != null) {
                host.addresses.forEach(addressOwners::remove);
            }
            saved();
        }
    }

    /** An administrator stops a host in VMmanager by hand (drift): at once, without a task. */
    public void stopHostBehindHostFlowsBack(long id) {
        synchronized (lock) {
            existingHost(id).state = "stopped";
            saved();
        }
    }

    /** An administrator starts a host in VMmanager by hand (drift): at once, without a task. */
    public void startHostBehindHostFlowsBack(long id) {
        synchronized (lock) {
            existingHost(id).state = "active";
            saved();
        }
    }

    /** An administrator changes a host's resources in VMmanager by hand (drift); null leaves a value as it is. */
    public void changeHostBehindHostFlowsBack(long id, Long cpu, Long ramMib, Long diskMib) {
        synchronized (lock) {
            Host host = existingHost(id);
            host.cpu = cpu == null ? host.cpu : cpu;
            host.ram = ramMib == null ? host.ram : ramMib;
            host.disk = diskMib == null ? host.disk : diskMib;
            saved();
        }
    }

    /**
     * An administrator makes a running host in VMmanager by hand, in the admin's account (HostFlow knows nothing of
     * it); answers its id.
     */
    public long createHostBehindHostFlowsBack(String name, String comment) {
        synchronized (lock) {
            Account admin = accountsByEmail.get(ADMIN_EMAIL);
            Host host = new Host(nextId++, nextId++, name, comment, null, admin.id, 1, 1, 1024, 10240);
            host.state = "active";
            host.addresses.addAll(allocate(host.id, 1));
            hosts.put(host.id, host);
            saved();
            return host.id;
        }
    }

    public boolean addressTaken(String address) {
        synchronized (lock) {
            return addressOwners.containsKey(address);
        }
    }

    public int runningTasks() {
        synchronized (lock) {
            return runningTasks;
        }
    }

    /** The most tasks that ran at the same time since the last reset or {@link #resetMaxRunningTasks()}. */
    public int maxRunningTasks() {
        synchronized (lock) {
            return maxRunningTasks;
        }
    }

    public void resetMaxRunningTasks() {
        synchronized (lock) {
            maxRunningTasks = runningTasks;
        }
    }

    /** Ends every session, as VMmanager does after an hour without activity. */
    public void expireTokens() {
        synchronized (lock) {
            tokens.clear();
        }
    }

    Map<String, Object> state() {
        synchronized (lock) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("failRate", control.failRate());
            state.put("taskDelayMs", control.taskDelayMs());
            state.put("down", control.down());
            state.put("answerDelayMs", answerDelayMs);
            state.put("hosts", hosts.size());
            state.put("runningTasks", runningTasks);
            state.put("maxRunningTasks", maxRunningTasks);
            return state;
        }
    }

    // --- auth -----------------------------------------------------------------------------------------------------

    Map<String, Object> login(String email, String password) {
        synchronized (lock) {
            Account account = email == null ? null : accountsByEmail.get(email);
            if (account == null || password == null || !account.passwordHash.equals(hash(password))) {
                throw new SimulatorException(HttpStatus.UNAUTHORIZED, SimulatorException.BAD_CREDENTIALS,
                        "Incorrect email or password");
            }
            String token = UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, email);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", String.valueOf(account.id));
            answer.put("token", token);
            answer.put("expires_at", null);
            answer.put("confirmed", true);
            return answer;
        }
    }

    boolean validToken(String token) {
        synchronized (lock) {
            return token != null && tokens.containsKey(token);
        }
    }

    // --- accounts, presets, lookups -------------------------------------------------------------------------------

    Map<String, Object> accounts(WhereFilter where) {
        synchronized (lock) {
            String email = where == null ? null : where.requiredValue("email");
            Collection<Account> candidates = email == null ? accounts.values()
                    : Optional.ofNullable(accountsByEmail.get(email)).stream().toList();
            return list(candidates.stream().map(Account::view).toList(), where);
        }
    }

    Map<String, Object> createAccount(JsonNode body) {
        String email = requiredText(body, "email");
        String password = requiredText(body, "password");
        String role = body.path("role").asText("@user");
        if (!role.equals("@user") && !role.equals("@admin")) {
            throw SimulatorException.invalid("Unknown role " + role);
        }
        synchronized (lock) {
            if (accounts.values().stream().anyMatch(a -> a.email.equalsIgnoreCase(email))) {
                throw new SimulatorException(HttpStatus.BAD_REQUEST, SimulatorException.ALREADY_EXISTS,
                        "Account " + email + " already exists");
            }
            Account account = add(new Account(nextId++, email, hash(password), role));
            saved();
            return Map.of("id", account.id);
        }
    }

    Map<String, Object> presets(WhereFilter where) {
        synchronized (lock) {
            return list(presets.values().stream().map(Preset::view).toList(), where);
        }
    }

    Map<String, Object> preset(long id) {
        synchronized (lock) {
            Preset preset = presets.get(id);
            if (preset == null) {
                throw SimulatorException.notFound("Preset", id);
            }
            return preset.view();
        }
    }

    Map<String, Object> createPreset(JsonNode body) {
        String name = requiredText(body, "name");
        synchronized (lock) {
            if (presets.values().stream().anyMatch(p -> p.name.equals(name))) {
                throw new SimulatorException(HttpStatus.BAD_REQUEST, SimulatorException.ALREADY_EXISTS,
                        "Preset " + name + " already exists");
            }
            Preset preset = new Preset(nextId++, name, positive(body, "cpu_number", 1), positive(body, "ram_mib", 1024),
                    positive(body, "hdd_mib", 10240));
            presets.put(preset.id, preset);
            saved();
            return Map.of("id", preset.id);
        }
    }

    Map<String, Object> osList(WhereFilter where) {
        List<Map<String, Object>> images = new ArrayList<>();
        for (int i = 0; i < OS_NAMES.size(); i++) {
            images.add(osView(i + 1));
        }
        return list(images, where);
    }

    Map<String, Object> clusters(WhereFilter where) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("id", CLUSTER_ID);
        cluster.put("name", "Simulated KVM cluster");
        cluster.put("virtualization_type", "kvm");
        cluster.put("state", "active");
        cluster.put("ippools", List.of(Map.of("id", POOL_ID, "name", "simulated-pool")));
        return list(List.of(cluster), where);
    }

    Map<String, Object> nodes(WhereFilter where) {
        synchronized (lock) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", NODE_ID);
            node.put("name", "node1.simulator");
            node.put("state", "active");
            node.put("cluster", Map.of("id", CLUSTER_ID));
            node.put("host_count", hosts.size());
            return list(List.of(node), where);
        }
    }

    Map<String, Object> ippools(WhereFilter where) {
        synchronized (lock) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("id", POOL_ID);
            pool.put("name", "simulated-pool");
            pool.put("ranges", List.of(POOL_PREFIX + "0.0/16"));
            pool.put("gateway", POOL_PREFIX + "0.1");
            pool.put("ip_used", addressOwners.size());
            pool.put("ip_total", 253);
            return list(List.of(pool), where);
        }
    }

    // --- hosts ----------------------------------------------------------------------------------------------------

    Map<String, Object> hosts(WhereFilter where) {
        synchronized (lock) {
            // HostFlow looks hosts up by the comment or the name it gave them: only those are turned into views
            String comment = where == null ? null : where.requiredValue("comment");
            String name = where == null ? null : where.requiredValue("name");
            return list(hosts.values().stream()
                    .filter(host -> comment == null || comment.equals(host.comment))
                    .filter(host -> name == null || name.equals(host.name))
                    .map(this::hostView).toList(), where);
        }
    }

    public Map<String, Object> host(long id) {
        synchronized (lock) {
            return hostView(existingHost(id));
        }
    }

    Map<String, Object> hostIpv4(long id) {
        synchronized (lock) {
            Host host = existingHost(id);
            List<Map<String, Object>> addresses = new ArrayList<>();
            for (String address : host.addresses) {
                Map<String, Object> ip = new LinkedHashMap<>();
                ip.put("id", addressNumber(address));
                ip.put("ip_addr", address);
                ip.put("domain", host.domain);
                ip.put("gateway", POOL_PREFIX + "0.1");
                ip.put("mask", "255.255.0.0");
                ip.put("family", "ipv4");
                ip.put("ippool", POOL_ID);
                ip.put("network", POOL_PREFIX + "0.0/16");
                ip.put("state", "active");
                addresses.add(ip);
            }
            return list(addresses, null);
        }
    }

    Map<String, Object> createHost(JsonNode body) {
        awaitCreationGate();
        String name = requiredText(body, "name");
        String password = requiredText(body, "password");
        long clusterId = requiredLong(body, "cluster");
        long osId = body.hasNonNull("os") ? body.get("os").asLong() : requiredLong(body, "image");
        long accountId = requiredLong(body, "account");
        long ipCount = positive(body, "ipv4_number", 1);
        synchronized (lock) {
            if (clusterId != CLUSTER_ID) {
                throw SimulatorException.invalid("Cluster " + clusterId + " not found");
            }
            if (osId < 1 || osId > OS_NAMES.size()) {
                throw SimulatorException.invalid("OS " + osId + " not found");
            }
            if (!accounts.containsKey(accountId)) {
                throw SimulatorException.invalid("Account " + accountId + " not found");
            }
            Preset preset = null;
            if (body.hasNonNull("preset")) {
                preset = presets.get(body.get("preset").asLong());
                if (preset == null) {
                    throw SimulatorException.invalid("Preset " + body.get("preset").asText() + " not found");
                }
            }
            long cpu = resource(body, "cpu_number", preset == null ? null : preset.cpu);
            long ram = resource(body, "ram_mib", preset == null ? null : preset.ram);
            long disk = resource(body, "hdd_mib", preset == null ? null : preset.disk);
            Host host = new Host(nextId++, nextId++, name, body.path("comment").asText(null),
                    body.path("domain").asText(null), accountId, osId, cpu, ram, disk);
            host.passwordHash = hash(password);
            host.addresses.addAll(allocate(host.id, ipCount));
            hosts.put(host.id, host);
            Task task = startTask("host_create", host.id);
            log.debug("simulator: host {} created, task {}", host.id, task.id);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", host.id);
            answer.put("task", task.id);
            answer.put("recipe_task_list", List.of());
            answer.put("recipe_task", 0);
            answer.put("spice_task", 0);
            return answer;
        }
    }

    Map<String, Object> stopHost(long id) {
        return hostTask(id, "host_stop");
    }

    Map<String, Object> startHost(long id) {
        return hostTask(id, "host_start");
    }

    Map<String, Object> restartHost(long id) {
        synchronized (lock) {
            existingHost(id);
            Task task = startTask("host_start", id);
            return Map.of("id", id, "start_task", task.id);
        }
    }

    Map<String, Object> deleteHost(long id) {
        return hostTask(id, "host_delete");
    }

    Map<String, Object> changeResources(long id, JsonNode body) {
        synchronized (lock) {
            Host host = existingHost(id);
            if (body.hasNonNull("cpu_number")) {
                host.cpu = positive(body, "cpu_number", host.cpu);
            }
            if (body.hasNonNull("ram_mib")) {
                host.ram = positive(body, "ram_mib", host.ram);
            }
            Task task = startTask("host_change_params", id);
            return Map.of("id", id, "task", task.id);
        }
    }

    Map<String, Object> resizeDisk(long diskId, JsonNode body) {
        long size = requiredLong(body, "size_mib");
        synchronized (lock) {
            Host host = hosts.values().stream().filter(h -> h.diskId == diskId).findFirst()
                    .orElseThrow(() -> SimulatorException.notFound("Disk", diskId));
            if (size < host.disk) {
                throw new SimulatorException(HttpStatus.BAD_REQUEST, SimulatorException.DISK_SHRINK,
                        "Disk size can not be reduced: " + host.disk + " MiB -> " + size + " MiB");
            }
            host.disk = size;
            Task task = startTask("disk_resize", host.id);
            return Map.of("id", diskId, "task", task.id);
        }
    }

    Map<String, Object> addAddresses(long id, JsonNode body) {
        long count = requiredLong(body, "ipv4_number");
        if (count < 1) {
            throw SimulatorException.invalid("ipv4_number must be positive");
        }
        synchronized (lock) {
            Host host = existingHost(id);
            host.addresses.addAll(allocate(id, count));
            Task task = startTask("ip_change", id);
            return Map.of("id", id, "task", task.id);
        }
    }

    /** A new root password, in force once its task completes (the task's name is a simulator choice). */
    Map<String, Object> changePassword(long id, JsonNode body) {
        String password = requiredText(body, "password");
        synchronized (lock) {
            existingHost(id);
            Task task = startTask("host_change_password", id);
            task.newPasswordHash = hash(password);
            saved();
            return Map.of("id", id, "task", task.id);
        }
    }

    /** For tests: whether the host's root password is this one (the simulator never shows passwords). */
    public boolean hostPasswordIs(long hostId, String password) {
        synchronized (lock) {
            Host host = hosts.get(hostId);
            return host != null && password != null && hash(password).equals(host.passwordHash);
        }
    }

    Map<String, Object> tasks(WhereFilter where) {
        synchronized (lock) {
            // a task's consul_id is its id: a poll for one task reads that task, not every task there ever was
            String id = where == null ? null : where.requiredValue("consul_id");
            Collection<Task> candidates = id == null ? tasks.values()
                    : TASK_ID.matcher(id).matches()
                            ? Optional.ofNullable(tasks.get(Long.parseLong(id))).stream().toList()
                    : List.of();
            return list(candidates.stream().map(Task::view).toList(), where);
        }
    }

    // --- internals (callers hold the lock) ------------------------------------------------------------------------

    private Account add(Account account) {
        accounts.put(account.id, account);
        accountsByEmail.put(account.email, account);
        return account;
    }

    private Map<String, Object> hostTask(long id, String name) {
        synchronized (lock) {
            existingHost(id);
            Task task = startTask(name, id);
            return Map.of("id", id, "task", task.id);
        }
    }

    private Task startTask(String name, long hostId) {
        Task task = new Task(nextId++, name, hostId);
        tasks.put(task.id, task);
        runningTasks++;
        maxRunningTasks = Math.max(maxRunningTasks, runningTasks);
        schedule(task);
        // the change that asked for the task is made: both are kept before the answer
        saved();
        return task;
    }

    private void finishTask(long taskId, long taskGeneration) {
        synchronized (lock) {
            Task task = tasks.get(taskId);
            if (taskGeneration != generation || task == null || !task.status.equals("running")) {
                return;
            }
            runningTasks--;
            finish(task);
            saved();
        }
    }

    private void finish(Task task) {
        boolean fails = ThreadLocalRandom.current().nextDouble() < control.failRate();
        Host host = hosts.get(task.hostId);
        if (fails) {
            task.status = "fail";
            task.output = "Simulated failure of " + task.name;
            if (host != null && task.name.equals("host_create")) {
                host.state = "create_failed";
            }
            return;
        }
        task.status = "complete";
        if (host == null) {
            return;
        }
        switch (task.name) {
            case "host_create", "host_start" -> host.state = "active";
            case "host_stop" -> host.state = "stopped";
            case "host_change_password" -> host.passwordHash = task.newPasswordHash;
            case "host_delete" -> {
                hosts.remove(host.id);
                host.addresses.forEach(addressOwners::remove);
            }
            default -> {
                // resource, disk and address changes were applied when they were asked for
            }
        }
    }

    private void schedule(Task task) {
        long taskGeneration = generation;
        scheduler.schedule(() -> finishTask(task.id, taskGeneration), control.taskDelayMs(), TimeUnit.MILLISECONDS);
    }

    // --- the state file -------------------------------------------------------------------------------------------

    /** The state as it is now goes to the state file, when there is one; callers hold the lock. */
    private void saved() {
        if (stateFile == null) {
            return;
        }
        stateFile.write(new SimulatorStateFile.State(nextId, nextAddress,
                accounts.values().stream().map(a -> new SimulatorStateFile.AccountState(a.id, a.email, a.passwordHash,
                        a.role)).toList(),
                presets.values().stream().map(p -> new SimulatorStateFile.PresetState(p.id, p.name, p.cpu, p.ram,
                        p.disk)).toList(),
                hosts.values().stream().map(h -> new SimulatorStateFile.HostState(h.id, h.diskId, h.name, h.comment,
                        h.domain, h.accountId, h.osId, List.copyOf(h.addresses), h.cpu, h.ram, h.disk,
                        h.passwordHash, h.state)).toList(),
                keptTasks().stream().map(t -> new SimulatorStateFile.TaskState(t.id, t.name, t.hostId, t.status,
                        t.output, t.newPasswordHash)).toList()));
    }

    /**
     * The tasks the state file keeps: every running one and the newest finished ones (a poll comes right after its
     * task), so the file, written whole at each change, does not grow with every operation the demo ever ran.
     */
    private List<Task> keptTasks() {
        List<Task> kept = new ArrayList<>();
        int finished = 0;
        for (Task task : tasks.descendingMap().values()) {
            if (task.status.equals("running") || finished++ < KEPT_FINISHED_TASKS) {
                kept.add(task);
            }
        }
        return kept;
    }

    /** What the state file kept; a task that was running goes on and finishes after the task delay. */
    private void restore(SimulatorStateFile.State state) {
        synchronized (lock) {
            accounts.clear();
            accountsByEmail.clear();
            state.accounts().forEach(a -> add(new Account(a.id(), a.email(), a.passwordHash(), a.role())));
            state.presets().forEach(p -> presets.put(p.id(), new Preset(p.id(), p.name(), p.cpu(), p.ram(),
                    p.disk())));
            for (SimulatorStateFile.HostState h : state.hosts()) {
                Host host = new Host(h.id(), h.diskId(), h.name(), h.comment(), h.domain(), h.accountId(), h.osId(),
                        h.cpu(), h.ram(), h.disk());
                host.addresses.addAll(h.addresses());
                host.addresses.forEach(address -> addressOwners.put(address, host.id));
                host.passwordHash = h.passwordHash();
                host.state = h.state();
                hosts.put(host.id, host);
            }
            for (SimulatorStateFile.TaskState t : state.tasks()) {
                Task task = new Task(t.id(), t.name(), t.hostId());
                task.status = t.status();
                task.output = t.output();
                task.newPasswordHash = t.newPasswordHash();
                tasks.put(task.id, task);
                if (task.status.equals("running")) {
                    runningTasks++;
                    schedule(task);
                }
            }
            nextId = Math.max(nextId, state.nextId());
            nextAddress = state.nextAddress();
        }
    }

    /** Passwords are compared and kept as SHA-256 hashes: the state file holds no password. */
    private static String hash(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Free addresses from a cursor that goes round the pool, so a busy pool is not scanned from its start. */
    private List<String> allocate(long hostId, long count) {
        Set<String> free = new LinkedHashSet<>();
        for (int tried = 0; tried < POOL_SIZE && free.size() < count; tried++) {
            int number = 2 + (nextAddress++ % (POOL_SIZE - 1));
            String address = POOL_PREFIX + (number / 256) + "." + (number % 256);
            if (number % 256 != 255 && !addressOwners.containsKey(address)) {
                free.add(address);
            }
        }
        if (free.size() < count) {
            throw new SimulatorException(HttpStatus.BAD_REQUEST, SimulatorException.NO_FREE_ADDRESS,
                    "Not enough free IPv4 addresses in pool " + POOL_ID);
        }
        free.forEach(address -> addressOwners.put(address, hostId));
        return List.copyOf(free);
    }

    private static long addressNumber(String address) {
        String[] parts = address.split("\\.");
        return Long.parseLong(parts[2]) * 256 + Long.parseLong(parts[3]);
    }

    private Host existingHost(long id) {
        Host host = hosts.get(id);
        if (host == null) {
            throw SimulatorException.notFound("Host", id);
        }
        return host;
    }

    private Map<String, Object> hostView(Host host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", host.id);
        view.put("name", host.name);
        view.put("state", host.state);
        view.put("comment", host.comment);
        view.put("domain", host.domain);
        view.put("cpu_number", host.cpu);
        view.put("ram_mib", host.ram);
        view.put("net_bandwidth_mbitps", 100);
        view.put("disk", Map.of("id", host.diskId, "disk_mib", host.disk));
        view.put("os", osView(host.osId));
        view.put("ip4", host.addresses.stream().map(a -> Map.of("ip", a)).toList());
        view.put("node", Map.of("id", NODE_ID, "name", "node1.simulator"));
        view.put("cluster", Map.of("id", CLUSTER_ID, "name", "Simulated KVM cluster"));
        Account account = accounts.get(host.accountId);
        view.put("account", Map.of("id", host.accountId, "email", account == null ? "" : account.email));
        return view;
    }

    private static Map<String, Object> osView(long id) {
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("id", id);
        os.put("name", OS_NAMES.get((int) id - 1));
        os.put("state", "active");
        os.put("os_group", OS_NAMES.get((int) id - 1).split("-")[0]);
        return os;
    }

    private static Map<String, Object> list(List<Map<String, Object>> items, WhereFilter where) {
        List<Map<String, Object>> matching = where == null ? items
                : items.stream().filter(item -> where.matches(fieldsOf(item))).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("last_notify", 0);
        answer.put("list", matching);
        answer.put("size", matching.size());
        return answer;
    }

    /** Fields for where=: top-level values by name, nested ones by {@code parent.child} or as {@code parent} = id. */
    @SuppressWarnings("unchecked")
    private static Function<String, Object> fieldsOf(Map<String, Object> item) {
        return field -> {
            String[] path = field.split("\\.");
            Object value = item.get(path[0]);
            for (int i = 1; i < path.length && value instanceof Map<?, ?> map; i++) {
                value = ((Map<String, Object>) map).get(path[i]);
            }
            if (path.length == 1 && value instanceof Map<?, ?> map) {
                return map.get("id");
            }
            return value;
        };
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw SimulatorException.invalid("Field " + field + " is required");
        }
        return value.asText();
    }

    private static long requiredLong(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToLong() && !DIGITS.matcher(value.asText()).matches()) {
            throw SimulatorException.invalid("Field " + field + " must be a number");
        }
        return value.asLong();
    }

    private static long positive(JsonNode body, String field, long fallback) {
        if (!body.hasNonNull(field)) {
            return fallback;
        }
        long value = requiredLong(body, field);
        if (value < 1) {
            throw SimulatorException.invalid("Field " + field + " must be positive");
        }
        return value;
    }

    private static long resource(JsonNode body, String field, Long fromPreset) {
        if (body.hasNonNull(field)) {
            return positive(body, field, 0);
        }
        if (fromPreset == null) {
            throw SimulatorException.invalid("Field " + field + " is required without a preset");
        }
        return fromPreset;
    }

    private static final class Account {
        final long id;
        final String email;
        final String passwordHash;
        final String role;

        Account(long id, String email, String passwordHash, String role) {
            this.id = id;
            this.email = email;
            this.passwordHash = passwordHash;
            this.role = role;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("email", email);
            view.put("state", "active");
            view.put("roles", List.of(role));
            return view;
        }
    }

    private record Preset(long id, String name, long cpu, long ram, long disk) {

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("name", name);
            view.put("cpu_number", cpu);
            view.put("ram_mib", ram);
            view.put("hdd_mib", disk);
            return view;
        }
    }

    private static final class Host {
        final long id;
        final long diskId;
        final String name;
        final String comment;
        final String domain;
        final long accountId;
        final long osId;
        final List<String> addresses = new ArrayList<>();
        long cpu;
        long ram;
        long disk;
        String passwordHash;
        String state = "creating";

        Host(long id, long diskId, String name, String comment, String domain, long accountId, long osId, long cpu,
                long ram, long disk) {
            this.id = id;
            this.diskId = diskId;
            this.name = name;
            this.comment = comment;
            this.domain = domain;
            this.accountId = accountId;
            this.osId = osId;
            this.cpu = cpu;
            this.ram = ram;
            this.disk = disk;
        }
    }

    private static final class Task {
        final long id;
        final String name;
        final long hostId;
        String status = "running";
        String output;
        String newPasswordHash;

        Task(long id, String name, long hostId) {
            this.id = id;
            this.name = name;
            this.hostId = hostId;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("consul_id", id);
            view.put("name", name);
            view.put("status", status);
            view.put("instance_id", hostId);
            view.put("defer_reason", null);
            view.put("output", output);
            return view;
        }
    }
}
