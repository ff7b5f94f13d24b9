package com.hostflow.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongPredicate;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.database.MoneyColumn;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.DomainName;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.security.CurrentUser;

/** Tariff plans with their prices, processing modules and add-ons. */
@Service
@Transactional
public class TariffService {

    static final String AUDIT_ENTITY = "tariff";

    /** What the default domain template names the service's id by, e.g. {@code vps{serviceId}.example.net}. */
    static final String SERVICE_ID = "{serviceId}";

    private final TariffPlanRepository tariffs;
    private final ProductTypeRepository productTypes;
    private final ProviderRepository providers;
    private final TariffGroupRepository groups;
    private final ProcessingModuleRepository modules;
    private final CatalogUsage usage;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;
    private final CurrentUser currentUser;
    private final CatalogAudience audience;

    TariffService(TariffPlanRepository tariffs, ProductTypeRepository productTypes, ProviderRepository providers,
            TariffGroupRepository groups, ProcessingModuleRepository modules, CatalogUsage usage, AuditLog auditLog,
            UnchangedWrites unchanged, CurrentUser currentUser, CatalogAudience audience) {
        this.tariffs = tariffs;
        this.productTypes = productTypes;
        this.providers = providers;
        this.groups = groups;
        this.modules = modules;
        this.usage = usage;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
        this.currentUser = currentUser;
        this.audience = audience;
    }

    /** Tariffs matching every filter given (null = any). */
    @Transactional(readOnly = true)
    public List<TariffView> list(String productType, Long providerId, Long groupId, Boolean active) {
        return tariffs.findAllByOrderByIdAsc().stream()
                .filter(t -> productType == null || t.getProductType().getCode().equals(productType))
                .filter(t -> providerId == null || t.getProvider().getId().equals(providerId))
                .filter(t -> groupId == null || (t.getGroup() != null && t.getGroup().getId().equals(groupId)))
                .filter(t -> active == null || t.isActive() == active)
                .map(TariffView::of)
                .toList();
    }

    /**
     * {@link #list} as the caller may see it: a CLIENT sees only its own provider's active tariffs, and filtering by
     * another provider is 404, as that provider's own page answers (an empty list would tell it the id was read).
     */
    @Transactional(readOnly = true)
    public List<TariffView> listVisible(String productType, Long providerId, Long groupId, Boolean active) {
        boolean client = currentUser.isClient();
        LongPredicate visibleProviders = audience.visibleProviders();
        if (client && providerId != null && !visibleProviders.test(providerId)) {
            throw new NotFoundException("provider", providerId);
        }
        return list(productType, providerId, groupId, client ? Boolean.TRUE : active).stream()
                .filter(tariff -> visibleProviders.test(tariff.providerId()))
                .toList();
    }

    @Transactional(readOnly = true)
    public TariffView get(long id) {
        return TariffView.of(find(id));
    }

    /**
     * A tariff as the caller may see it. To a CLIENT an inactive tariff, which it cannot order, and another
     * provider's are answered as unknown.
     */
    @Transactional(readOnly = true)
    public TariffView getVisible(long id) {
        TariffPlan tariff = find(id);
        if (hidden(tariff)) {
            throw new NotFoundException("tariff", id);
        }
        return TariffView.of(tariff);
    }

    /** Whether {@link #getVisible} shows the tariff to the caller (false for an unknown id). */
    @Transactional(readOnly = true)
    public boolean visible(long id) {
        return tariffs.findById(id).filter(tariff -> !hidden(tariff)).isPresent();
    }

    private boolean hidden(TariffPlan tariff) {
        return currentUser.isClient()
                && (!tariff.isActive() || !audience.visibleProviders().test(tariff.getProvider().getId()));
    }

    /**
     * The checks of a create or an update that bean validation cannot make, writing nothing: a console form refused
     * by its bean constraints shows these problems too, in one round.
     */
    public void checkInput(TariffForm form) {
        FieldProblems problems = new FieldProblems();
        provider(form, problems);
        validate(form, problems);
    }

    public TariffView create(TariffForm form) {
        FieldProblems problems = new FieldProblems();
        Provider provider = provider(form, problems);
        Resolved resolved = validate(form, problems);
        TariffPlan tariff = new TariffPlan(resolved.productType(), provider, form.name());
        apply(tariff, form, resolved);
        TariffView created = TariffView.of(tariffs.saveAndFlush(tariff));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    public TariffView update(long id, TariffForm form, IfMatch ifMatch) {
        // waits for orders and parameter changes of the tariff under way (they hold it "for share"), so the check of
        // the live services' next periods below sees what they wrote, and later ones wait for this change
        TariffPlan tariff = lock(id);
        ifMatch.check(tariff.getVersion());
        if (!tariff.getProvider().getId().equals(form.providerId())) {
            throw new ConflictException("the provider of tariff " + id + " cannot change after creation");
        }
        // the product type is read under its share lock (in validate), never before it: read through the tariff
        // first (its code), it was the row as it stood before a change of the product type that committed while this
        // update waited for that lock, which then found a newer row: 409 "changed concurrently", or checks against
        // the old rules. The id of the tariff's lazy product type reads nothing
        Resolved resolved = validate(form, new FieldProblems());
        if (!tariff.getProductType().getId().equals(resolved.productType().getId())) {
            throw new ConflictException("the product type of tariff " + id + " cannot change after creation");
        }
        TariffView before = TariffView.of(tariff);
        apply(tariff, form, resolved);
        // before the query below, which would flush the tariff
        if (unchanged.dropIfUnchanged(tariff, before, TariffView.of(tariff))) {
            return before;
        }
        List<String> unpriced = usage.servicesUnpricedBy(CatalogLookupService.terms(tariff), 5);
        if (!unpriced.isEmpty()) {
            throw new ConflictException("the change would leave live services of tariff " + id
                    + " without a price for their next period: " + String.join("; ", unpriced));
        }
        tariffs.flush(); // raises the version now: the answer's ETag is the new one
        TariffView after = TariffView.of(tariff);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        // waits for orders of the tariff being placed now (they hold it "for share"): their services count below
        tariffs.lockForDeletion(id).orElseThrow(() -> new NotFoundException("tariff", id));
        TariffPlan tariff = lock(id);
        ifMatch.check(tariff.getVersion());
        List<Long> live = usage.liveServicesOfTariff(id, 10);
        if (!live.isEmpty()) {
            throw new ConflictException("tariff " + id + " is sold to live services " + live
                    + "; make it inactive instead, or delete them first");
        }
        TariffView before = TariffView.of(tariff);
        tariffs.delete(tariff);
        // services of other features reference tariffs: their foreign keys answer 409 here, not at commit
        tariffs.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    private TariffPlan find(long id) {
        return tariffs.findById(id).orElseThrow(() -> new NotFoundException("tariff", id));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private TariffPlan lock(long id) {
        return tariffs.lockById(id).orElseThrow(() -> new NotFoundException("tariff", id));
    }

    private record Resolved(ProductType productType, TariffGroup group, Set<ProcessingModule> modules,
            Map<Period, BigDecimal> prices, List<TariffAddon> addons) {
    }

    private Provider provider(TariffForm form, FieldProblems problems) {
        Provider provider = form.providerId() == null ? null : providers.findById(form.providerId()).orElse(null);
        problems.addIf(provider == null, "providerId", "unknown provider " + form.providerId());
        return provider;
    }

    private Resolved validate(TariffForm form, FieldProblems problems) {
        List<Long> moduleIds = form.processingModuleIds() == null ? List.of() : form.processingModuleIds();
        // share-locked until the tariff commits, so a module cannot move to another product type between this check
        // and the commit; before the product type, in the order a module's update and a load of choices lock them
        Map<Long, ProcessingModule> shared = new HashMap<>();
        moduleIds.stream().filter(Objects::nonNull).distinct().sorted()
                .forEach(id -> modules.shareById(id).ifPresent(module -> shared.put(id, module)));
        ProductType productType = productTypes.shareByCode(form.productType()).orElse(null);
        problems.addIf(productType == null, "productType", "unknown product type '" + form.productType() + "'");
        TariffGroup group = null;
        if (form.groupId() != null) {
            group = groups.findById(form.groupId()).orElse(null);
            problems.addIf(group == null, "groupId", "unknown tariff group " + form.groupId());
        }
        Set<ProcessingModule> chosenModules = new LinkedHashSet<>();
        for (int i = 0; i < moduleIds.size(); i++) {
            Long moduleId = moduleIds.get(i);
            ProcessingModule module = moduleId == null ? null : shared.get(moduleId);
            if (moduleId == null) {
                // the form's own check names it first; this is for a form that came another way
                problems.add("processingModuleIds[" + i + "]", "must not be null");
            } else if (module == null) {
                problems.add("processingModuleIds", "unknown processing module " + moduleId);
            } else if (productType != null && !module.getProductType().getId().equals(productType.getId())) {
                problems.add("processingModuleIds", "processing module " + moduleId + " serves product type '"
                        + module.getProductType().getCode() + "', not '" + productType.getCode() + "'");
            } else {
                chosenModules.add(module);
            }
        }
        Map<Period, BigDecimal> prices = prices(form.prices(), "prices", productType, problems);
        problems.addIf(productType != null && form.trialDays() != null && form.trialDays() > 0
                        && !productType.allows(Period.TRIAL), "trialDays",
                "product type '" + form.productType() + "' offers no TRIAL period");
        List<TariffAddon> addons = addons(form, productType, prices, problems);
        String domainTemplate = form.defaultDomainTemplate();
        String domainProblem = domainTemplate == null || domainTemplate.isBlank() ? null
                : DomainName.problem(domainTemplate.trim().replace(SERVICE_ID, Long.toString(Long.MAX_VALUE)));
        problems.addIf(domainProblem != null, "defaultDomainTemplate", "with " + SERVICE_ID
                + " replaced by a service's id it " + domainProblem);
        problems.throwIfAny();
        return new Resolved(productType, group, chosenModules, prices, addons);
    }

    private static List<TariffAddon> addons(TariffForm form, ProductType productType,
            Map<Period, BigDecimal> tariffPrices, FieldProblems problems) {
        List<TariffAddon> result = new ArrayList<>();
        // what an order for each period the tariff sells costs with the add-ons so far at their max
        Map<Period, BigDecimal> most = new EnumMap<>(tariffPrices);
        most.remove(Period.TRIAL);
        Set<String> seen = new HashSet<>();
        List<TariffForm.Addon> given = form.addons() == null ? List.of() : form.addons();
        for (int i = 0; i < given.size(); i++) {
            TariffForm.Addon addon = given.get(i);
            String field = "addons[" + i + "]";
            if (addon == null || addon.resource() == null || addon.included() == null) {
                continue; // bean validation reported it
            }
            boolean known = productType == null || productType.hasResource(addon.resource());
            problems.addIf(!known, field + ".resource", "product type '" + form.productType()
                    + "' has no resource '" + addon.resource() + "'");
            problems.addIf(!seen.add(addon.resource()), field + ".resource",
                    "duplicate add-on for '" + addon.resource() + "'");
            long min = Objects.requireNonNullElse(addon.min(), addon.included());
            long max = Objects.requireNonNullElse(addon.max(), addon.included());
            long step = Objects.requireNonNullElse(addon.step(), 1L);
            problems.addIf(min > addon.included(), field + ".min", "must not exceed included");
            problems.addIf(addon.included() > max, field + ".max", "must not be less than included");
            problems.addIf(step <= 0, field + ".step", "must be greater than 0");
            Map<Period, BigDecimal> prices = prices(addon.prices(), field + ".prices", productType, problems);
            long stepsToMax = max > addon.included() && step > 0 ? (max - addon.included()) / step : 0;
            most.replaceAll((period, before) -> addAtMax(before, prices, stepsToMax, period, field, problems));
            result.add(new TariffAddon(addon.resource(), addon.included(), min, max, step, prices));
        }
        if (Boolean.TRUE.equals(form.createAllAddons()) && productType != null) {
            for (ProductType.Resource resource : productType.getResources()) {
                if (seen.add(resource.getCode())) {
                    result.add(new TariffAddon(resource.getCode(), 0, 0, 0, 1, Map.of()));
                }
            }
        }
        return result;
    }

    /**
     * {@code before} plus what the add-on at its max adds to an order for the period, as billing charges it: its price
     * for the period, or its MONTH price once per month of a QUARTER, HALF_YEAR or YEAR, per step above included.
     * Names the add-on's price when the order would then cost more than an amount can be: such a tariff was accepted,
     * and then every order on it was refused with 400 naming {@code body} (the money column overflowed).
     */
    private static BigDecimal addAtMax(BigDecimal before, Map<Period, BigDecimal> addonPrices, long stepsToMax,
            Period period, String field, FieldProblems problems) {
        boolean own = addonPrices.containsKey(period);
        BigDecimal stepPrice = own ? addonPrices.get(period)
                : period.months() > 1 && addonPrices.containsKey(Period.MONTH)
                        ? addonPrices.get(Period.MONTH).multiply(BigDecimal.valueOf(period.months())) : BigDecimal.ZERO;
        BigDecimal after = before.add(stepPrice.multiply(BigDecimal.valueOf(stepsToMax)));
        problems.addIf(before.compareTo(MoneyColumn.MAX) <= 0 && after.compareTo(MoneyColumn.MAX) > 0,
                field + ".prices." + (own ? period : Period.MONTH), "with " + stepsToMax + " steps above included"
                        + " (up to max) an order for " + period + " would cost " + after + ", more than an amount can"
                        + " be (" + MoneyColumn.MAX + ")");
        return after;
    }

    /** Money with at most two decimals, not negative, only for periods the product type allows; TRIAL is free. */
    private static Map<Period, BigDecimal> prices(Map<Period, BigDecimal> given, String field,
            ProductType productType, FieldProblems problems) {
        Map<Period, BigDecimal> result = new EnumMap<>(Period.class);
        if (given == null) {
            return result;
        }
        Map<Period, BigDecimal> inPeriodOrder = new EnumMap<>(Period.class);
        inPeriodOrder.putAll(given);
        for (Map.Entry<Period, BigDecimal> price : inPeriodOrder.entrySet()) {
            String priceField = field + "." + price.getKey();
            BigDecimal amount = price.getValue();
            if (amount == null) {
                problems.add(priceField, "must not be null");
                continue;
            }
            if (productType != null && !productType.allows(price.getKey())) {
                problems.add(priceField, "product type '" + productType.getCode() + "' does not offer the period "
                        + price.getKey());
            }
            problems.addIf(amount.signum() < 0, priceField, "must not be negative");
            problems.addIf(amount.stripTrailingZeros().scale() > 2, priceField, "must have at most 2 decimals");
            problems.addIf(price.getKey() == Period.TRIAL && amount.signum() > 0, priceField,
                    "the trial period is free");
            if (amount.stripTrailingZeros().scale() <= 2) {
                result.put(price.getKey(), amount.setScale(2, RoundingMode.UNNECESSARY));
            }
        }
        return result;
    }

    private static void apply(TariffPlan tariff, TariffForm form, Resolved resolved) {
        tariff.setProductType(resolved.productType());
        tariff.setGroup(resolved.group());
        tariff.setName(form.name().trim());
        tariff.setActive(Boolean.TRUE.equals(form.active()));
        tariff.setProcessingModules(resolved.modules());
        tariff.setTemplate(DataCenterService.blankToNull(form.template()));
        tariff.setCreateAllAddons(Boolean.TRUE.equals(form.createAllAddons()));
        tariff.setDefaultDomainTemplate(DataCenterService.blankToNull(form.defaultDomainTemplate()));
        tariff.setPrices(resolved.prices());
        tariff.setTrialDays(form.trialDays() == null ? 0 : form.trialDays());
        tariff.replaceAddons(resolved.addons());
    }
}
