package com.hostflow.catalog;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

@Service
@Transactional
public class ProductTypeService {

    /** Comes with the schema; the processing-module types are built for it. */
    public static final String VDS = "vds";

    static final String AUDIT_ENTITY = "product-type";

    /** how many of the tariffs that stop a change its 409 names */
    private static final int NAMED_TARIFFS = 5;

    private final ProductTypeRepository productTypes;
    private final TariffPlanRepository tariffs;
    private final ProcessingModuleRepository modules;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;
    private final Validator validator;

    ProductTypeService(ProductTypeRepository productTypes, TariffPlanRepository tariffs,
            ProcessingModuleRepository modules, AuditLog auditLog, UnchangedWrites unchanged, Validator validator) {
        this.productTypes = productTypes;
        this.tariffs = tariffs;
        this.modules = modules;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
        this.validator = validator;
    }

    @Transactional(readOnly = true)
    public List<ProductTypeView> list() {
        return productTypes.findAllByOrderByCodeAsc().stream().map(ProductTypeView::of).toList();
    }

    @Transactional(readOnly = true)
    public ProductTypeView get(String code) {
        return ProductTypeView.of(find(code));
    }

    /**
     * The checks of a form's lists that bean validation cannot make (a duplicate code or choice), writing nothing: a
     * console form refused by its bean constraints shows these problems too, in one round.
     */
    public void checkInput(ProductTypeForm form) {
        FieldProblems problems = new FieldProblems();
        validateLists(form, problems);
        problems.throwIfAny();
    }

    /** {@link #checkInput} of a create, which needs its code too (an update takes it from its path). */
    public void checkNewInput(ProductTypeForm form) {
        FieldProblems problems = new FieldProblems()
                .addIf(form.code() == null || form.code().isBlank(), "code", "must not be blank");
        validateLists(form, problems);
        problems.throwIfAny();
    }

    public ProductTypeView create(ProductTypeForm form) {
        checkNewInput(form);
        if (productTypes.existsByCode(form.code())) {
            throw new ConflictException("product type '" + form.code() + "' exists already");
        }
        ProductType productType = new ProductType(form.code(), form.name());
        apply(productType, form);
        ProductTypeView created = ProductTypeView.of(productTypes.saveAndFlush(productType));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.code(), null, created);
        return created;
    }

    public ProductTypeView update(String code, ProductTypeForm form, IfMatch ifMatch) {
        ProductType productType = lock(code);
        ifMatch.check(productType.getVersion());
        FieldProblems problems = new FieldProblems()
                .addIf(form.code() != null && !form.code().equals(code), "code", "must match the code in the path");
        validateLists(form, problems);
        problems.throwIfAny();
        for (ProductType.Resource resource : productType.getResources()) {
            boolean kept = form.resources() != null
                    && form.resources().stream().anyMatch(r -> r.code().equals(resource.getCode()));
            List<Long> using = kept ? List.of() : tariffs.withAddonFor(productType, resource.getCode(),
                    Limit.of(NAMED_TARIFFS));
            if (!using.isEmpty()) {
                throw new ConflictException("resource '" + resource.getCode() + "' (resources) is still an add-on of"
                        + " tariffs " + using + ": take it out of them first");
            }
        }
        for (Period period : productType.getOrderPeriods()) {
            List<Long> pricing = form.orderPeriods().contains(period) ? List.of()
                    : tariffs.withPricesFor(productType, period, NAMED_TARIFFS);
            if (!pricing.isEmpty()) {
                throw new ConflictException("period " + period + " (orderPeriods) still has prices in tariffs "
                        + pricing + ": take them out first");
            }
        }
        ProductTypeView before = ProductTypeView.of(productType);
        apply(productType, form);
        if (unchanged.dropIfUnchanged(productType, before, ProductTypeView.of(productType))) {
            return before;
        }
        productTypes.flush(); // raises the version now: the answer's ETag is the new one
        ProductTypeView after = ProductTypeView.of(productType);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, code, before, after);
        return after;
    }

    /** The processing module whose values are saved as choices: its id, its version when it was called, its name. */
    public record ChoicesSource(long moduleId, long moduleVersion, String name) {
    }

    /**
     * Sets one parameter's choices on the product type as it is now, every other setting kept, by the rules of a PUT
     * ({@link ModuleChoices}: values a processing module offers). Choices that break those rules are refused whole
     * (422, {@code Err_ChoicesDoNotFit}): they came from {@code source}, not from the caller. A module changed (or
     * deleted) since it was called is 409: its values may be another panel's.
     */
    public ProductTypeView replaceChoices(String code, String parameter, List<String> choices, IfMatch ifMatch,
            ChoicesSource source) {
        // the module before the product type, in the order a module's update locks them: the two never deadlock
        long moduleVersion = modules.shareById(source.moduleId()).map(ProcessingModule::getVersion).orElse(-1L);
        if (moduleVersion != source.moduleVersion()) {
            throw new ConflictException("the " + source.name() + " changed while its values were loaded; load"
                    + " again; the choices were left as they are");
        }
        ProductType productType = lock(code);
        ifMatch.check(productType.getVersion());
        ProductTypeView current = ProductTypeView.of(productType);
        ProductTypeView.Parameter changed = current.parameters().stream().filter(p -> p.code().equals(parameter))
                .findFirst().orElseThrow(() -> new InvalidInputException("parameter",
                        "product type " + code + " has no parameter '" + parameter + "' any more"));
        ProductTypeForm.Parameter loaded = new ProductTypeForm.Parameter(changed.code(), changed.name(),
                changed.required(), choices);
        Set<ConstraintViolation<ProductTypeForm.Parameter>> unfit = validator.validate(loaded);
        if (!unfit.isEmpty()) {
            throw new BusinessRuleException("Err_ChoicesDoNotFit", source.name() + " offers values for '" + parameter
                    + "' that cannot be its choices: " + unfit.stream().map(ProductTypeService::describe).sorted()
                            .collect(Collectors.joining("; ")) + "; the choices were left as they are");
        }
        return update(code, ProductTypeForm.of(current, current.parameters().stream()
                .map(p -> p == changed ? loaded : new ProductTypeForm.Parameter(p.code(), p.name(), p.required(),
                        p.choices()))
                .toList()), IfMatch.of(productType.getVersion()));
    }

    /** "'ubuntu…': size must be between 0 and 255", or for the list "130 values: size must be between 0 and 100". */
    private static String describe(ConstraintViolation<?> violation) {
        if (violation.getInvalidValue() instanceof List<?> list) {
            return list.size() + " values: " + violation.getMessage();
        }
        String value = String.valueOf(violation.getInvalidValue());
        String shown = value.codePointCount(0, value.length()) <= 40 ? value
                : value.substring(0, value.offsetByCodePoints(0, 40)) + "…";
        return "'" + shown + "': " + violation.getMessage();
    }

    public void delete(String code, IfMatch ifMatch) {
        ProductType productType = lock(code);
        ifMatch.check(productType.getVersion());
        if (VDS.equals(code)) {
            throw new ConflictException("the built-in product type vds cannot be deleted");
        }
        if (tariffs.existsByProductType(productType) || modules.existsByProductType(productType)) {
            throw new ConflictException("product type '" + code + "' is still used by tariffs or processing modules");
        }
        ProductTypeView before = ProductTypeView.of(productType);
        productTypes.delete(productType);
        productTypes.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, code, before, null);
    }

    private ProductType find(String code) {
        return productTypes.findByCode(code).orElseThrow(() -> new NotFoundException("product type", code));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private ProductType lock(String code) {
        return productTypes.lockByCode(code).orElseThrow(() -> new NotFoundException("product type", code));
    }

    private static void validateLists(ProductTypeForm form, FieldProblems problems) {
        if (form.expiryReminderDays() != null) {
            problems.addIf(form.expiryReminderDays().stream().distinct().count() != form.expiryReminderDays().size(),
                    "expiryReminderDays", "each day may appear once");
        }
        if (form.resources() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < form.resources().size(); i++) {
                String resourceCode = form.resources().get(i).code();
                problems.addIf(resourceCode != null && !seen.add(resourceCode), "resources[" + i + "].code",
                        "duplicate resource '" + resourceCode + "'");
            }
        }
        if (form.parameters() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < form.parameters().size(); i++) {
                String parameterCode = form.parameters().get(i).code();
                problems.addIf(parameterCode != null && !seen.add(parameterCode), "parameters[" + i + "].code",
                        "duplicate parameter '" + parameterCode + "'");
                List<String> given = form.parameters().get(i).choices();
                List<String> choices = given == null ? List.of()
                        : given.stream().filter(Objects::nonNull).map(String::trim).toList();
                problems.addIf(choices.stream().distinct().count() != choices.size(), "parameters[" + i + "].choices",
                        "each choice may appear once");
            }
        }
    }

    private static void apply(ProductType productType, ProductTypeForm form) {
        productType.setName(form.name().trim());
        productType.setTrialPolicy(form.trialPolicy());
        productType.setSplitExpensesByMonth(Boolean.TRUE.equals(form.splitExpensesByMonth()));
        productType.setNoSuspendOnWeekends(Boolean.TRUE.equals(form.noSuspendOnWeekends()));
        productType.setAutoDeletionDays(form.autoDeletionDays());
        productType.setSuspensionGraceDays(form.suspensionGraceDays() == null ? 0 : form.suspensionGraceDays());
        productType.setClientDeletion(form.clientDeletion());
        productType.setOnClientDelete(form.onClientDelete());
        if (form.expiryReminderDays() != null) {
            productType.setExpiryReminderDays(form.expiryReminderDays());
        }
        productType.setOrderPeriods(EnumSet.copyOf(form.orderPeriods()));
        productType.setResources(form.resources() == null ? List.of() : form.resources().stream()
                .map(r -> new ProductType.Resource(r.code(), r.name().trim(), r.unit().trim())).toList());
        productType.setParameters(form.parameters() == null ? List.of() : form.parameters().stream()
                .map(p -> new ProductType.Parameter(p.code(), p.name().trim(), Boolean.TRUE.equals(p.required()),
                        p.choices() == null ? null : p.choices().stream().map(String::trim).toList()))
                .toList());
    }
}
