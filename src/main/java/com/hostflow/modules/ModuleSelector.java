package com.hostflow.modules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.TariffTerms;

/**
 * Chooses the processing module that carries out an operation, the way BILLmanager does: of the tariff's modules the
 * lowest sort order is tried first (then the lowest id), and a module is skipped when its type is not installed, lacks
 * the operation, or fails its connection check. The caller stores the chosen module on the service. A module that
 * passed its check is not checked again for {@code hostflow.modules.healthy-for} (a busy hour would otherwise log in
 * to the panel once per order); a changed configuration is a new module as far as that memory goes.
 */
@Component
public class ModuleSelector {

    private static final Logger log = LoggerFactory.getLogger(ModuleSelector.class);

    private final ModuleTypeRegistry moduleTypes;
    private final CatalogLookup catalog;
    private final Clock clock;
    private final Duration healthyFor;
    private final Map<ProcessingModuleConfig, Instant> lastGoodCheck = new ConcurrentHashMap<>();
    private final Map<ProcessingModuleConfig, CompletableFuture<String>> checksUnderWay = new ConcurrentHashMap<>();

    public ModuleSelector(ModuleTypeRegistry moduleTypes, CatalogLookup catalog, Clock clock,
            @Value("${hostflow.modules.healthy-for:PT1M}") Duration healthyFor) {
        this.moduleTypes = moduleTypes;
        this.catalog = catalog;
        this.clock = clock;
        this.healthyFor = healthyFor;
    }

    /**
     * What the selection came to: the module, or why none can serve; {@code skipped} says why others were passed.
     *
     * @param unreachable no module was chosen although one could serve but failed its connection check: a technical
     *                    failure worth retrying, not a refusal
     */
    public record Selection(Optional<ProcessingModuleConfig> module, List<String> skipped, boolean unreachable) {

        public boolean found() {
            return module.isPresent();
        }

        /** "No module can serve ..." with every reason, for the service's journal or a department task. */
        public String explanation() {
            return module.map(m -> "module " + m.id() + " (" + m.name() + ") chosen")
                    .orElse("no processing module can serve the operation")
                    + (skipped.isEmpty() ? "" : "; skipped: " + String.join("; ", skipped));
        }
    }

    /** Selects among the tariff's modules as the catalog knows them. */
    public Selection selectForTariff(long tariffId, ModuleOperation operation) {
        TariffTerms tariff = catalog.recentTariff(tariffId)
                .orElseThrow(() -> new IllegalArgumentException("unknown tariff " + tariffId));
        List<ProcessingModuleConfig> modules = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Long moduleId : tariff.processingModuleIds()) {
            catalog.recentProcessingModule(moduleId).ifPresentOrElse(modules::add,
                    () -> skipped.add("module " + moduleId + " does not exist"));
        }
        Selection selection = select(modules, operation);
        skipped.addAll(selection.skipped());
        return new Selection(selection.module(), List.copyOf(skipped), selection.unreachable());
    }

    /** Selects among the given modules. */
    public Selection select(List<ProcessingModuleConfig> modules, ModuleOperation operation) {
        List<String> skipped = new ArrayList<>();
        boolean unreachable = false;
        List<ProcessingModuleConfig> ordered = modules.stream()
                .sorted(Comparator.comparingInt(ProcessingModuleConfig::sortOrder)
                        .thenComparingLong(ProcessingModuleConfig::id))
                .toList();
        for (ProcessingModuleConfig module : ordered) {
            String reason = cannotServe(module, operation);
            if (reason == null) {
                reason = failedCheck(module);
                unreachable |= reason != null;
            }
            if (reason == null) {
                return new Selection(Optional.of(module), List.copyOf(skipped), false);
            }
            log.info("processing module {} skipped for {}: {}", module.id(), operation.feature(), reason);
            skipped.add("module " + module.id() + " (" + module.name() + "): " + reason);
        }
        if (ordered.isEmpty()) {
            skipped.add("the tariff has no processing module");
        }
        return new Selection(Optional.empty(), List.copyOf(skipped), unreachable);
    }

    private String cannotServe(ProcessingModuleConfig module, ModuleOperation operation) {
        Optional<ProcessingModuleAdapter> adapter = moduleTypes.adapter(module.moduleType());
        if (adapter.isEmpty()) {
            return "module type " + module.moduleType() + " is not installed";
        }
        if (!adapter.get().descriptor().supports(operation)) {
            return "module type " + module.moduleType() + " cannot " + operation.feature();
        }
        return null;
    }

    /**
     * Whether the module answers its connection check now (never the remembered answer): how operations waiting for a
     * module that did not answer learn that it is back. A passing check is remembered as any other.
     */
    public boolean answers(ProcessingModuleConfig module) {
        Optional<ProcessingModuleAdapter> adapter = moduleTypes.adapter(module.moduleType());
        return adapter.isPresent() && check(module, adapter.get(), clock.instant()) == null;
    }

    private String failedCheck(ProcessingModuleConfig module) {
        Instant now = clock.instant();
        Instant lastGood = lastGoodCheck.get(module);
        if (lastGood != null && lastGood.plus(healthyFor).isAfter(now) && !lastGood.isAfter(now)) {
            return null;
        }
        return sharedCheck(module, moduleTypes.adapter(module.moduleType()).orElseThrow(), now);
    }

    /**
     * A check of a module that another selection is checking already waits for that check's answer instead of
     * making its own: a burst of orders against a VMmanager that answers slowly (or not at all) logged in once per
     * order at the same moment, sixteen logins where one tells the same.
     */
    private String sharedCheck(ProcessingModuleConfig module, ProcessingModuleAdapter adapter, Instant now) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = checksUnderWay.putIfAbsent(module, mine);
        if (running != null) {
            return running.join();
        }
        try {
            String failure = check(module, adapter, now);
            mine.complete(failure);
            return failure;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checksUnderWay.remove(module, mine);
        }
    }

    private String check(ProcessingModuleConfig module, ProcessingModuleAdapter adapter, Instant now) {
        try {
            ProcessingModuleAdapter.ConnectionCheck check = adapter.checkConnection(module);
            if (check.ok()) {
                lastGoodCheck.put(module, now);
                return null;
            }
            lastGoodCheck.remove(module);
            return "connection check failed: " + check.message();
        } catch (RuntimeException e) {
            lastGoodCheck.remove(module);
            return "connection check failed: " + e.getMessage();
        }
    }
}
