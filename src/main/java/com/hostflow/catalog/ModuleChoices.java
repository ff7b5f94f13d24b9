package com.hostflow.catalog;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.RemoteCallFailedException;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ModuleTypeRegistry;

/**
 * A product-type parameter's choices taken from one of the product type's processing modules (VMmanager 6: the names
 * of its OS images for {@code os}), as BILLmanager takes such lists from the module: each module has its own, and an
 * admin typing them by hand must spell them as the module does.
 *
 * <p>Not transactional (issue #10): the product type and the module are read in short transactions of their own, the
 * module is called with none open, and the choices are written in one more, all or nothing, and only if the module is
 * still the version that was called (an admin may change its URL, login or type while it answers).
 */
@Service
public class ModuleChoices {

    private static final Logger log = LoggerFactory.getLogger(ModuleChoices.class);

    private final ProductTypeService productTypes;
    private final ProcessingModuleService modules;
    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;

    ModuleChoices(ProductTypeService productTypes, ProcessingModuleService modules, CatalogLookup catalog,
            ModuleTypeRegistry moduleTypes) {
        this.productTypes = productTypes;
        this.modules = modules;
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
    }

    /** A processing module that can fill a parameter's choices, for the console's buttons. */
    public record Source(String parameter, long moduleId, String moduleName) {
    }

    /** Per parameter of the product type, the modules of the product type whose type offers values for it. */
    public List<Source> sources(String code) {
        ProductTypeView productType = productTypes.get(code);
        List<ProcessingModuleView> ofProductType = modules.list().stream()
                .filter(module -> module.productType().equals(code)).toList();
        return productType.parameters().stream().flatMap(parameter -> ofProductType.stream()
                .filter(module -> moduleTypes.descriptor(module.moduleType())
                        .map(type -> type.offersValuesFor(parameter.code())).orElse(false))
                .map(module -> new Source(parameter.code(), module.id(), module.name())))
                .toList();
    }

    /**
     * Asks the module for the values it offers for the parameter and saves them, trimmed and each once in the
     * module's order, as the parameter's choices. {@code ifMatch} is checked before the call (no call for a stale
     * form) and again by the write; whatever else changed meanwhile is kept.
     */
    public ProductTypeView load(String code, LoadChoicesForm form, IfMatch ifMatch) {
        // a synchronization alone (NOT_SUPPORTED, NEVER) would keep the first connection a read takes until it ended
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("choices are loaded from a module outside any transaction");
        }
        ProductTypeView productType = productTypes.get(code);
        ifMatch.check(productType.version());
        // read before the module's settings: the values are saved only if the module is still this version
        long moduleVersion = modules.version(form.processingModuleId()).orElse(-1L);
        ProcessingModuleConfig module = source(productType, form);
        List<String> choices = offered(module, form.parameter()).stream().filter(Objects::nonNull).map(String::trim)
                .filter(value -> !value.isEmpty()).distinct().toList();
        if (choices.isEmpty()) {
            throw new BusinessRuleException("Err_NoValuesOffered", "processing module " + module.name()
                    + " offers no values for '" + form.parameter() + "'; the choices were left as they are");
        }
        return productTypes.replaceChoices(code, form.parameter(), choices, ifMatch,
                new ProductTypeService.ChoicesSource(module.id(), moduleVersion, "processing module " + module.name()));
    }

    /** The module the form names, if it is one of the product type's and its type offers values for the parameter. */
    private ProcessingModuleConfig source(ProductTypeView productType, LoadChoicesForm form) {
        String parameter = form.parameter();
        boolean known = productType.parameters().stream().anyMatch(p -> p.code().equals(parameter));
        FieldProblems problems = new FieldProblems().addIf(!known, "parameter",
                "product type " + productType.code() + " has no parameter '" + parameter + "'");
        ProcessingModuleConfig module = catalog.processingModule(form.processingModuleId()).orElse(null);
        ModuleTypeDescriptor type = module == null ? null : moduleTypes.descriptor(module.moduleType()).orElse(null);
        if (module == null) {
            problems.add("processingModuleId", "unknown processing module " + form.processingModuleId());
        } else if (!module.productType().equals(productType.code())) {
            problems.add("processingModuleId", "processing module " + module.name() + " serves product type "
                    + module.productType() + ", not " + productType.code());
        } else if (type == null) {
            problems.add("processingModuleId", "module type " + module.moduleType() + " is not installed");
        } else if (known && !type.offersValuesFor(parameter)) {
            problems.add("processingModuleId", "module type " + type.name() + " offers no values for '" + parameter
                    + "'" + (type.offersValuesFor().isEmpty() ? ""
                            : "; it offers values for " + String.join(", ", type.offersValuesFor())));
        }
        problems.throwIfAny();
        return module;
    }

    private List<String> offered(ProcessingModuleConfig module, String parameter) {
        try {
            return moduleTypes.adapter(module.moduleType()).orElseThrow().parameterValues(module, parameter);
        } catch (ModuleTechnicalException e) {
            log.warn("processing module {} could not list its values for '{}': {} {}", module.id(), parameter,
                    e.code(), e.getMessage());
            throw new RemoteCallFailedException(e.code(), "TIMEOUT".equals(e.code()), "processing module "
                    + module.name() + " could not list its values for '" + parameter + "' (" + e.code() + "): "
                    + e.getMessage() + "; the choices were left as they are");
        }
    }
}
