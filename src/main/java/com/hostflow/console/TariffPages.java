package com.hostflow.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.common.web.CreateOnce;
import com.hostflow.common.web.IfMatch;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffGroupService;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffView;

/**
 * Tariff plans: modules, template, prices per period, trial days, active, and add-ons with included/min/max/step and
 * a price per period. A new tariff starts from its product type, whose resources and periods the form offers.
 */
@Controller
@RequestMapping("/console/tariffs")
class TariffPages {

    private final TariffService tariffs;
    private final ProductTypeService productTypes;
    private final ProviderService providers;
    private final TariffGroupService groups;
    private final ProcessingModuleService modules;
    private final PageForms forms;
    private final CreateOnce once;

    TariffPages(TariffService tariffs, ProductTypeService productTypes, ProviderService providers,
            TariffGroupService groups, ProcessingModuleService modules, PageForms forms, CreateOnce once) {
        this.tariffs = tariffs;
        this.productTypes = productTypes;
        this.providers = providers;
        this.groups = groups;
        this.modules = modules;
        this.forms = forms;
        this.once = once;
    }

    public static class Form extends NewEntryForm {
        private String productType;
        private Long providerId;
        private Long groupId;
        private String name;
        private boolean active = true;
        private List<Long> processingModuleIds = new ArrayList<>();
        private String template;
        private boolean createAllAddons;
        private String defaultDomainTemplate;
        private Map<String, String> prices = new LinkedHashMap<>();
        private Integer trialDays = 0;
        private List<Addon> addons = new ArrayList<>();

        static Form of(TariffView view) {
            Form form = new Form();
            form.readFrom(view);
            form.productType = view.productType();
            form.providerId = view.providerId();
            form.groupId = view.groupId();
            form.name = view.name();
            form.active = view.active();
            form.processingModuleIds = new ArrayList<>(view.processingModuleIds());
            form.template = view.template();
            form.createAllAddons = view.createAllAddons();
            form.defaultDomainTemplate = view.defaultDomainTemplate();
            form.prices = PageForms.typed(view.prices());
            form.trialDays = view.trialDays();
            for (TariffView.Addon addon : view.addons()) {
                Addon row = new Addon();
                row.resource = addon.resource();
                row.included = addon.included();
                row.min = addon.min();
                row.max = addon.max();
                row.step = addon.step();
                row.prices = PageForms.typed(addon.prices());
                form.addons.add(row);
            }
            return form;
        }

        Form compact() {
            addons.removeIf(Addon::blank);
            return this;
        }

        TariffForm toApi(FormErrors errors) {
            List<TariffForm.Addon> apiAddons = new ArrayList<>();
            for (int i = 0; i < addons.size(); i++) {
                Addon a = addons.get(i);
                apiAddons.add(new TariffForm.Addon(a.resource, a.included, a.min, a.max, a.step,
                        PageForms.prices(a.prices, "addons[" + i + "].prices", errors)));
            }
            return new TariffForm(productType, providerId, groupId, name, active, processingModuleIds,
                    ModulePages.blankToNull(template), createAllAddons,
                    ModulePages.blankToNull(defaultDomainTemplate), PageForms.prices(prices, "prices", errors),
                    trialDays, apiAddons);
        }

        public String getProductType() { return productType; }
        public void setProductType(String productType) { this.productType = productType; }
        public Long getProviderId() { return providerId; }
        public void setProviderId(Long providerId) { this.providerId = providerId; }
        public Long getGroupId() { return groupId; }
        public void setGroupId(Long groupId) { this.groupId = groupId; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public boolean isActive() { return active; }
        public void setActive(boolean active) { this.active = active; }
        public List<Long> getProcessingModuleIds() { return processingModuleIds; }
        public void setProcessingModuleIds(List<Long> ids) { this.processingModuleIds = ids; }
        public String getTemplate() { return template; }
        public void setTemplate(String template) { this.template = template; }
        public boolean isCreateAllAddons() { return createAllAddons; }
        public void setCreateAllAddons(boolean createAllAddons) { this.createAllAddons = createAllAddons; }
        public String getDefaultDomainTemplate() { return defaultDomainTemplate; }
        public void setDefaultDomainTemplate(String value) { this.defaultDomainTemplate = value; }
        public Map<String, String> getPrices() { return prices; }
        public void setPrices(Map<String, String> prices) { this.prices = prices; }
        public Integer getTrialDays() { return trialDays; }
        public void setTrialDays(Integer trialDays) { this.trialDays = trialDays; }
        public List<Addon> getAddons() { return addons; }
        public void setAddons(List<Addon> addons) { this.addons = addons; }
    }

    /** One add-on row; its prices are per step above {@code included}. */
    public static class Addon {
        private String resource;
        private Long included;
        private Long min;
        private Long max;
        private Long step;
        private Map<String, String> prices = new LinkedHashMap<>();

        boolean blank() {
            return ProductTypePages.isBlank(resource);
        }

        public String getResource() { return resource; }
        public void setResource(String resource) { this.resource = resource; }
        public Long getIncluded() { return included; }
        public void setIncluded(Long included) { this.included = included; }
        public Long getMin() { return min; }
        public void setMin(Long min) { this.min = min; }
        public Long getMax() { return max; }
        public void setMax(Long max) { this.max = max; }
        public Long getStep() { return step; }
        public void setStep(Long step) { this.step = step; }
        public Map<String, String> getPrices() { return prices; }
        public void setPrices(Map<String, String> prices) { this.prices = prices; }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("tariffs", tariffs.list(null, null, null, null));
        model.addAttribute("providers", providers.list());
        return "console/tariffs";
    }

    /** Starts a tariff of a product type (chosen first, since it decides the resources and periods offered). */
    @GetMapping("/new")
    @PreAuthorize(PageSupport.ADMINS)
    String create(@RequestParam(required = false) String productType, Model model) {
        if (productType == null || productType.isBlank()) {
            model.addAttribute("productTypes", productTypes.list());
            return "console/tariff-choose";
        }
        ProductTypeView type = productTypes.get(productType);
        Form form = new Form();
        form.newKey();
        form.productType = type.code();
        providers.list().stream().findFirst().ifPresent(p -> form.providerId = p.id());
        return form(model, form, null, FormErrors.none());
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        return form(model, Form.of(tariffs.get(id)), id, FormErrors.none());
    }

    @PostMapping("/new")
    String create(@ModelAttribute("form") Form form, BindingResult binding, Model model, RedirectAttributes flash) {
        FormErrors errors = FormErrors.of(binding);
        TariffForm api = form.compact().toApi(errors);
        String key = form.key(errors);
        CreateOnce.Created<TariffView> created = forms.submit(api, errors, tariffs::checkInput,
                f -> once.create(key, "tariff", f.toString(), () -> tariffs.create(f), TariffView::id, tariffs::get));
        if (created == null) {
            return form(model, form, null, errors);
        }
        flash.addFlashAttribute("notice", created.before()
                ? NewEntryForm.sentBefore("tariff", created.entry() == null ? null : created.entry().name())
                : "Tariff " + created.entry().name() + " created.");
        return "redirect:/console/tariffs";
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") Form form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        tariffs.get(id);
        FormErrors errors = FormErrors.of(binding);
        TariffForm api = form.compact().toApi(errors);
        TariffView saved = forms.submit(api, errors, tariffs::checkInput,
                f -> tariffs.update(id, f, form.ifMatch()));
        if (saved == null) {
            return form(model, form, id, errors);
        }
        flash.addFlashAttribute("notice", "Tariff " + saved.name() + " saved.");
        return "redirect:/console/tariffs";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) Long version,
            RedirectAttributes flash) {
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            tariffs.delete(id, IfMatch.of(version));
            return id;
        });
        Flash.outcome(flash, errors, "Tariff deleted.");
        return "redirect:/console/tariffs";
    }

    private String form(Model model, Form form, Long id, FormErrors errors) {
        ProductTypeView type = form.productType == null ? null
                : productTypes.list().stream().filter(p -> p.code().equals(form.productType)).findFirst()
                        .orElse(null);
        List<Period> periods = new ArrayList<>();
        if (type != null) {
            for (Period period : Period.values()) {
                if (period != Period.TRIAL && type.orderPeriods().contains(period)) {
                    periods.add(period);
                }
            }
        }
        for (int i = 0; i < ProductTypePages.SPARE_ROWS; i++) {
            form.addons.add(new Addon());
        }
        model.addAttribute("form", form);
        model.addAttribute("id", id);
        model.addAttribute("errors", errors);
        model.addAttribute("type", type);
        model.addAttribute("periods", periods);
        model.addAttribute("providers", providers.list());
        model.addAttribute("groups", groups.list());
        model.addAttribute("modules", modules.list().stream()
                .filter(m -> m.productType().equals(form.productType)).toList());
        return "console/tariff-form";
    }
}
