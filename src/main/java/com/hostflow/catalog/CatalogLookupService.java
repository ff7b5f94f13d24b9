package com.hostflow.catalog;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.hostflow.common.database.RememberedEntities;
import com.hostflow.security.SecretCipher;

import jakarta.persistence.EntityManager;

/**
 * Answers {@link CatalogLookup} from the catalog tables, as immutable snapshots. Within one transaction each snapshot
 * is read once (an order asks for its tariff several times on its way: checks, price, charge). Across transactions a
 * snapshot is served only while the {@link CatalogVersion} is the one it was read at, so a catalog change is seen by
 * the next transaction on every node, and an order does not read a dozen catalog tables to price itself. The
 * {@code recent...} reads come from the node's {@link CatalogSnapshots} for a few seconds without any query, for
 * module calls that ask again on every attempt and poll.
 */
@Service
@Transactional(readOnly = true)
class CatalogLookupService implements CatalogLookup {

    /** key of this transaction's snapshots in Spring's transaction resources */
    private static final Object MEMO = new Object();

    private final TariffPlanRepository tariffs;
    private final ProductTypeRepository productTypes;
    private final ProcessingModuleRepository modules;
    private final ProviderRepository providers;
    private final SecretCipher cipher;
    private final CatalogSnapshots snapshots;
    private final CatalogVersion version;
    private final EntityManager entityManager;
    private final TransactionTemplate readTransaction;

    CatalogLookupService(TariffPlanRepository tariffs, ProductTypeRepository productTypes,
            ProcessingModuleRepository modules, ProviderRepository providers, SecretCipher cipher,
            CatalogSnapshots snapshots, CatalogVersion version, EntityManager entityManager,
            PlatformTransactionManager transactions) {
        this.tariffs = tariffs;
        this.productTypes = productTypes;
        this.modules = modules;
        this.providers = providers;
        this.cipher = cipher;
        this.snapshots = snapshots;
        this.version = version;
        this.entityManager = entityManager;
        this.readTransaction = new TransactionTemplate(transactions);
        this.readTransaction.setReadOnly(true);
    }

    @Override
    public Optional<TariffTerms> tariff(long tariffId) {
        return memo("tariff", tariffId, () -> current("tariff", tariffId,
                () -> tariffs.findById(tariffId).map(CatalogLookupService::terms)));
    }

    // the caller's transaction, and not read-only: PostgreSQL refuses a row lock in a read-only one
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean holdTariff(long tariffId) {
        return readAgainAfter(tariffs.holdForShare(tariffId).isPresent(), "tariff", tariffId, TariffPlan.class);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean holdProvider(long providerId) {
        return readAgainAfter(providers.holdForShare(providerId).isPresent(), "provider currency", providerId,
                Provider.class);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean holdProcessingModule(long moduleId) {
        return readAgainAfter(modules.holdForShare(moduleId).isPresent(), "module", moduleId,
                ProcessingModule.class);
    }

    /**
     * What this transaction read of the held row before (a billing-run batch prices many services) may predate a
     * change the hold waited for: read it again, at the version committed now. Answers {@code exists}.
     */
    private boolean readAgainAfter(boolean exists, String kind, long id, Class<?> type) {
        forget(List.of(kind, id));
        forget(List.of("catalog version", ""));
        RememberedEntities.readAgainUnlessChanged(entityManager, type, id);
        return exists;
    }

    private static void forget(List<Object> key) {
        Object memo = TransactionSynchronizationManager.getResource(MEMO);
        if (memo instanceof Map<?, ?> snapshots) {
            snapshots.remove(key);
        }
    }

    @Override
    public Optional<ProductTypeRules> productType(String code) {
        return memo("product type", code, () -> current("product type", code,
                () -> productTypes.findByCode(code).map(CatalogLookupService::rules)));
    }

    @Override
    public Optional<ProcessingModuleConfig> processingModule(long moduleId) {
        return memo("module", moduleId, () -> current("module", moduleId,
                () -> modules.findById(moduleId).map(this::config)));
    }

    /**
     * The node's snapshot of the catalog version this transaction sees, else read from the tables. A transaction that
     * changed the catalog itself reads the tables: they show it its own edit. So does one that held catalog rows
     * before it read the version: Hibernate answers a later read with those copies, which may be older than the
     * version, and a snapshot must never be older than its tag.
     */
    private <T> Optional<T> current(String kind, Object id, Supplier<Optional<T>> read) {
        if (snapshots.changedInThisTransaction()) {
            return read.get();
        }
        SeenVersion seen = memo("catalog version", "",
                () -> Optional.of(new SeenVersion(version.current(), !holdsCatalogRows()))).orElseThrow();
        return seen.readAfter() ? snapshots.atVersion(kind, id, seen.version(), read) : read.get();
    }

    private boolean holdsCatalogRows() {
        String catalogPackage = CatalogLookupService.class.getPackageName() + ".";
        return RememberedEntities.holdsAny(entityManager, name -> name.startsWith(catalogPackage));
    }

    /** The catalog version a transaction saw, and whether every catalog row it holds was read after it. */
    private record SeenVersion(long version, boolean readAfter) {
    }

    // a snapshot found costs no transaction: only a miss reads, in the caller's transaction or a short one of its own
    @Override
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<TariffTerms> recentTariff(long tariffId) {
        return snapshots.get("tariff", tariffId, () -> readTransaction.execute(status -> tariff(tariffId)));
    }

    @Override
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<ProcessingModuleConfig> recentProcessingModule(long moduleId) {
        return snapshots.get("module", moduleId, () -> readTransaction.execute(status -> processingModule(moduleId)));
    }

    /** The snapshot read earlier in this transaction, else read now (and kept for the rest of the transaction). */
    @SuppressWarnings("unchecked")
    private <T> Optional<T> memo(String kind, Object id, Supplier<Optional<T>> read) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return read.get();
        }
        Map<List<Object>, Optional<?>> snapshots = (Map<List<Object>, Optional<?>>) TransactionSynchronizationManager
                .getResource(MEMO);
        if (snapshots == null) {
            snapshots = new HashMap<>();
            TransactionSynchronizationManager.bindResource(MEMO, snapshots);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(MEMO);
                }
            });
        }
        // not computeIfAbsent: a read memoizes the catalog version in the same map
        List<Object> key = List.of(kind, id);
        Optional<T> found = (Optional<T>) snapshots.get(key);
        if (found == null) {
            found = read.get();
            snapshots.put(key, found);
        }
        return found;
    }

    @Override
    public Optional<String> providerCurrency(long providerId) {
        return memo("provider currency", providerId, () -> current("provider currency", providerId,
                () -> providers.findById(providerId).map(Provider::getCurrency)));
    }

    // a mail's sender, signature and currency, read for every mail queued and sent: a snapshot, like module calls'
    @Override
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<ProviderMail> providerMail(long providerId) {
        return snapshots.get("provider mail", providerId, () -> readTransaction.execute(status -> providers
                .findById(providerId)
                .map(p -> new ProviderMail(p.getId(), p.getName(), p.getCurrency(), p.getMailFrom(),
                        p.getMailSignature()))));
    }

    static TariffTerms terms(TariffPlan t) {
        List<TariffTerms.AddonTerms> addons = t.getAddons().stream()
                .map(a -> new TariffTerms.AddonTerms(a.getResource(), a.getIncluded(), a.getMin(), a.getMax(),
                        a.getStep(), immutable(a.getPrices())))
                .toList();
        List<Long> moduleIds = t.getProcessingModules().stream().map(ProcessingModule::getId).sorted().toList();
        return new TariffTerms(t.getId(), t.getProductType().getCode(), t.getProvider().getId(),
                t.getGroup() == null ? null : t.getGroup().getId(), t.getName(), t.isActive(), moduleIds,
                t.getTemplate(), t.getDefaultDomainTemplate(), immutable(t.getPrices()), t.getTrialDays(), addons);
    }

    static ProductTypeRules rules(ProductType p) {
        EnumSet<Period> periods = EnumSet.noneOf(Period.class);
        periods.addAll(p.getOrderPeriods());
        return new ProductTypeRules(p.getCode(), p.getName(), p.getTrialPolicy(), p.isSplitExpensesByMonth(),
                p.isNoSuspendOnWeekends(), p.getAutoDeletionDays(), p.getSuspensionGraceDays(), p.getClientDeletion(), p.getOnClientDelete(),
                Collections.unmodifiableSet(periods),
                p.getResources().stream().map(ProductType.Resource::getCode).toList(),
                p.getParameters().stream()
                        .map(x -> new ProductTypeRules.ParameterRule(x.getCode(), x.getName(), x.isRequired(),
                                x.getChoices()))
                        .toList(), p.getExpiryReminderDays());
    }

    ProcessingModuleConfig config(ProcessingModule m) {
        DataCenter dc = m.getDataCenter();
        return new ProcessingModuleConfig(m.getId(), m.getModuleType(), m.getProductType().getCode(), m.getName(),
                dc == null ? null : dc.getId(), dc == null ? null : dc.getExternalId(),
                m.getDepartment() == null ? null : m.getDepartment().getKey(), m.getSortOrder(), m.getUrl(),
                m.getUsername(), m.getPasswordEncrypted() == null ? null : cipher.decrypt(m.getPasswordEncrypted()),
                new ProcessingModuleConfig.Settings(m.getCluster(), m.isUseRecipes(), m.isAdditionalNetworkInterface()),
                new ProcessingModuleConfig.Queue(m.isRunInQueue(), m.getQueues(), m.getQueueKey()));
    }

    private static <V> Map<Period, V> immutable(Map<Period, V> prices) {
        Map<Period, V> copy = new EnumMap<>(Period.class);
        copy.putAll(prices);
        return Collections.unmodifiableMap(copy);
    }
}
