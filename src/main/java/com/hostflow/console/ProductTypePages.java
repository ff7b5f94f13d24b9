package com.hostflow.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
import com.hostflow.common.web.StrictNumbers;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.LoadChoicesForm;
import com.hostflow.catalog.ModuleChoices;
import com.hostflow.catalog.OnClientDelete;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.catalog.TrialPolicy;

/**
 * Step 3 of the catalog: product types with every setting of the API (trial policy, split by month, weekends,
 * auto-deletion, client deletion rules, order periods, resources, parameters). Rows left blank are ignored, so the
 * page can always offer empty rows to fill.
 */
@Controller
@RequestMapping("/console/product-types")
class ProductTypePages {

    /** Empty rows offered below the filled ones; the page's script adds more. */
    static final int SPARE_ROWS = 2;

    private final ProductTypeService productTypes;
    private final ModuleChoices moduleChoices;
    private final PageForms forms;
    private final CreateOnce once;

    ProductTypePages(ProductTypeService productTypes, ModuleChoices moduleChoices, PageForms forms,
            CreateOnce once) {
        this.productTypes = productTypes;
        this.moduleChoices = moduleChoices;
        this.forms = forms;
        this.once = once;
    }

    public static class Form extends NewEntryForm {
        private String code;
        private String name;
        private TrialPolicy trialPolicy = TrialPolicy.NONE;
        private boolean splitExpensesByMonth;
        private boolean noSuspendOnWeekends;
        private Integer autoDeletionDays = 0;
        private Integer suspensionGraceDays = 0;
        private String expiryReminderDays = "3, 1";
        private ClientDeletion clientDeletion = ClientDeletion.ALLOWED;
        private OnClientDelete onClientDelete = OnClientDelete.IMMEDIATELY;
        private Set<Period> orderPeriods = EnumSet.of(Period.MONTH);
        private List<Row> resources = new ArrayList<>();
        private List<Row> parameters = new ArrayList<>();

        static Form of(ProductTypeView view) {
            Form form = new Form();
            form.readFrom(view);
            form.code = view.code();
            form.name = view.name();
            form.trialPolicy = view.trialPolicy();
            form.splitExpensesByMonth = view.splitExpensesByMonth();
            form.noSuspendOnWeekends = view.noSuspendOnWeekends();
            form.autoDeletionDays = view.autoDeletionDays();
            form.suspensionGraceDays = view.suspensionGraceDays();
            form.expiryReminderDays = view.expiryReminderDays() == null ? ""
                    : view.expiryReminderDays().stream().map(String::valueOf).collect(Collectors.joining(", "));
            form.clientDeletion = view.clientDeletion();
            form.onClientDelete = view.onClientDelete();
            form.orderPeriods = view.orderPeriods().isEmpty() ? EnumSet.noneOf(Period.class)
                    : EnumSet.copyOf(view.orderPeriods());
            view.resources().forEach(r -> form.resources.add(new Row(r.code(), r.name(), r.unit(), false, null)));
            view.parameters().forEach(p -> form.parameters.add(
                    new Row(p.code(), p.name(), null, p.required(), String.join(", ", p.choices()))));
            return form;
        }

        /** Drops the rows left blank, so problems name the rows the page shows next. */
        Form compact() {
            resources.removeIf(Row::blank);
            parameters.removeIf(Row::blank);
            return this;
        }

        Form withSpareRows() {
            for (int i = 0; i < SPARE_ROWS; i++) {
                resources.add(new Row());
                parameters.add(new Row());
            }
            return this;
        }

        ProductTypeForm toApi(FormErrors errors) {
            return new ProductTypeForm(blankToNull(code), name, trialPolicy, splitExpensesByMonth,
                    noSuspendOnWeekends, autoDeletionDays, suspensionGraceDays, clientDeletion, onClientDelete,
                    // a blank choice (orderPeriods=" ") is bound as null: no period, not a NullPointerException
                    orderPeriods == null ? null : orderPeriods.stream().filter(Objects::nonNull).toList(),
                    resources.stream().map(r -> new ProductTypeForm.Resource(trim(r.code), trim(r.name),
                            trim(r.unit))).toList(),
                    parameters.stream().map(p -> new ProductTypeForm.Parameter(trim(p.code), trim(p.name),
                            p.required, choices(p.choices))).toList(),
                    reminderDays(errors));
        }

        /** "ubuntu-24.04, debian-12" as typed; blank is none (any text goes). */
        private static List<String> choices(String typed) {
            return isBlank(typed) ? null
                    : Arrays.stream(typed.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
        }

        /** "3, 1" as typed; blank is no reminders. */
        private List<Integer> reminderDays(FormErrors errors) {
            List<Integer> days = new ArrayList<>();
            if (expiryReminderDays == null || expiryReminderDays.isBlank()) {
                return days;
            }
            for (String token : expiryReminderDays.trim().split("[,;\\s]+")) {
                try {
                    // "+3" and "３" were read as 3 (StrictNumbers)
                    days.add(Math.toIntExact(StrictNumbers.wholeNumber(token)));
                } catch (NumberFormatException | ArithmeticException e) {
                    errors.add("expiryReminderDays", "whole days separated by commas, like 3, 1");
                    return days;
                }
            }
            return days;
        }

        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public TrialPolicy getTrialPolicy() { return trialPolicy; }
        public void setTrialPolicy(TrialPolicy trialPolicy) { this.trialPolicy = trialPolicy; }
        public boolean isSplitExpensesByMonth() { return splitExpensesByMonth; }
        public void setSplitExpensesByMonth(boolean value) { this.splitExpensesByMonth = value; }
        public boolean isNoSuspendOnWeekends() { return noSuspendOnWeekends; }
        public void setNoSuspendOnWeekends(boolean value) { this.noSuspendOnWeekends = value; }
        public Integer getAutoDeletionDays() { return autoDeletionDays; }
        public void setAutoDeletionDays(Integer autoDeletionDays) { this.autoDeletionDays = autoDeletionDays; }
        public String getExpiryReminderDays() { return expiryReminderDays; }
        public void setExpiryReminderDays(String days) { this.expiryReminderDays = days; }
        public Integer getSuspensionGraceDays() { return suspensionGraceDays; }
        public void setSuspensionGraceDays(Integer days) { this.suspensionGraceDays = days; }
        public ClientDeletion getClientDeletion() { return clientDeletion; }
        public void setClientDeletion(ClientDeletion clientDeletion) { this.clientDeletion = clientDeletion; }
        public OnClientDelete getOnClientDelete() { return onClientDelete; }
        public void setOnClientDelete(OnClientDelete onClientDelete) { this.onClientDelete = onClientDelete; }
        public Set<Period> getOrderPeriods() { return orderPeriods; }
        public void setOrderPeriods(Set<Period> orderPeriods) { this.orderPeriods = orderPeriods; }
        public List<Row> getResources() { return resources; }
        public void setResources(List<Row> resources) { this.resources = resources; }
        public List<Row> getParameters() { return parameters; }
        public void setParameters(List<Row> parameters) { this.parameters = parameters; }
    }

    /** A resource (code, name, unit) or a parameter (code, name, required, choices separated by commas). */
    public static class Row {
        private String code;
        private String name;
        private String unit;
        private boolean required;
        private String choices;

        public Row() {
        }

        Row(String code, String name, String unit, boolean required, String choices) {
            this.code = code;
            this.name = name;
            this.unit = unit;
            this.required = required;
            this.choices = choices;
        }

        boolean blank() {
            return isBlank(code) && isBlank(name) && isBlank(unit) && isBlank(choices);
        }

        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getUnit() { return unit; }
        public void setUnit(String unit) { this.unit = unit; }
        public boolean isRequired() { return required; }
        public void setRequired(boolean required) { this.required = required; }
        public String getChoices() { return choices; }
        public void setChoices(String choices) { this.choices = choices; }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("productTypes", productTypes.list());
        return "console/product-types";
    }

    @GetMapping("/new")
    @PreAuthorize(PageSupport.ADMINS)
    String create(Model model) {
        Form form = new Form();
        form.newKey();
        return form(model, form, null, FormErrors.none());
    }

    @GetMapping("/{code}")
    String edit(@PathVariable String code, Model model) {
        return form(model, Form.of(productTypes.get(code)), code, FormErrors.none());
    }

    @PostMapping("/new")
    String create(@ModelAttribute("form") Form form, BindingResult binding, Model model, RedirectAttributes flash) {
        FormErrors errors = FormErrors.of(binding);
        ProductTypeForm api = form.compact().toApi(errors);
        String key = form.key(errors);
        // named by its code for good, as the API's create: the key records no id, a form sent again reads the code
        CreateOnce.Created<ProductTypeView> created = forms.submit(api, errors, productTypes::checkNewInput,
                f -> once.create(key, "product-type", f.toString(), () -> productTypes.create(f), entry -> 0,
                        unused -> productTypes.get(f.code())));
        if (created == null) {
            return form(model, form, null, errors);
        }
        flash.addFlashAttribute("notice", created.before()
                ? NewEntryForm.sentBefore("product type", created.entry() == null ? null : created.entry().name())
                : "Product type " + created.entry().name() + " created.");
        return "redirect:/console/product-types";
    }

    @PostMapping("/{code}")
    String update(@PathVariable String code, @ModelAttribute("form") Form form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        productTypes.get(code);
        form.setCode(code);
        FormErrors errors = FormErrors.of(binding);
        ProductTypeView saved = forms.submit(form.compact().toApi(errors), errors, productTypes::checkInput,
                f -> productTypes.update(code, f, form.ifMatch()));
        if (saved == null) {
            return form(model, form, code, errors);
        }
        flash.addFlashAttribute("notice", "Product type " + saved.name() + " saved.");
        return "redirect:/console/product-types";
    }

    /**
     * A parameter's "Load choices from &lt;module&gt;" button: the module's values saved as the parameter's choices
     * (the API's {@code load-choices}, with the version the page was read at), then the page again; refused, the page
     * shows why beside the parameter's choices, with the product type as saved.
     */
    @PostMapping("/{code}/load-choices")
    String loadChoices(@PathVariable String code, @RequestParam String parameter,
            @RequestParam long processingModuleId, @RequestParam(required = false) Long version, Model model,
            RedirectAttributes flash) {
        productTypes.get(code);
        FormErrors refused = FormErrors.none();
        ProductTypeView saved = forms.run(refused, () -> moduleChoices.load(code,
                new LoadChoicesForm(parameter, processingModuleId), IfMatch.of(version)));
        if (saved != null) {
            int loaded = saved.parameters().stream().filter(p -> p.code().equals(parameter)).findFirst()
                    .map(p -> p.choices().size()).orElse(0);
            flash.addFlashAttribute("notice", "Loaded " + loaded + " choices of " + parameter + " and saved them.");
            return "redirect:/console/product-types/" + code;
        }
        ProductTypeView now = productTypes.get(code);
        List<String> codes = now.parameters().stream().map(ProductTypeView.Parameter::code).toList();
        return form(model, Form.of(now), code, besideChoices(refused, codes.indexOf(parameter)));
    }

    /** The refusals of a load, beside the parameter's choices field (a stale page stays a message of the form). */
    private static FormErrors besideChoices(FormErrors refused, int row) {
        List<String> messages = new ArrayList<>(refused.general());
        refused.asMap().values().forEach(messages::addAll);
        FormErrors errors = FormErrors.none();
        for (String message : messages) {
            if (row < 0 || message.equals(PageForms.STALE)) {
                errors.general(message);
            } else {
                errors.add("parameters[" + row + "].choices", message);
            }
        }
        return errors;
    }

    @PostMapping("/{code}/delete")
    String delete(@PathVariable String code, @RequestParam(required = false) Long version,
            RedirectAttributes flash) {
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            productTypes.delete(code, IfMatch.of(version));
            return code;
        });
        Flash.outcome(flash, errors, "Product type deleted.");
        return "redirect:/console/product-types";
    }

    private String form(Model model, Form form, String code, FormErrors errors) {
        model.addAttribute("form", form.withSpareRows());
        model.addAttribute("code", code);
        model.addAttribute("errors", errors);
        model.addAttribute("trialPolicies", TrialPolicy.values());
        model.addAttribute("clientDeletions", ClientDeletion.values());
        model.addAttribute("onClientDeletes", OnClientDelete.values());
        model.addAttribute("periods", Period.values());
        model.addAttribute("choiceSources", code == null ? List.of() : moduleChoices.sources(code));
        return "console/product-type-form";
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static String trim(String value) {
        return value == null ? null : value.trim();
    }

    static String blankToNull(String value) {
        return isBlank(value) ? null : value.trim();
    }
}
