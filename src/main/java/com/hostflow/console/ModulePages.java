package com.hostflow.console;

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
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ModuleConnectionChecks;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProcessingModuleView;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter.ConnectionCheck;

/**
 * Step 2 of the catalog: processing modules, with every field of the API's form. The password is write-only: the
 * page never shows it, and saving without one keeps the stored password.
 */
@Controller
@RequestMapping("/console/modules")
class ModulePages {

    private final ProcessingModuleService modules;
    private final ModuleTypeRegistry moduleTypes;
    private final DataCenterService dataCenters;
    private final DepartmentService departments;
    private final ProductTypeService productTypes;
    private final PageForms forms;
    private final ModuleConnectionChecks connectionChecks;
    private final CreateOnce once;

    ModulePages(ProcessingModuleService modules, ModuleTypeRegistry moduleTypes, DataCenterService dataCenters,
            DepartmentService departments, ProductTypeService productTypes, PageForms forms,
            ModuleConnectionChecks connectionChecks, CreateOnce once) {
        this.modules = modules;
        this.connectionChecks = connectionChecks;
        this.moduleTypes = moduleTypes;
        this.dataCenters = dataCenters;
        this.departments = departments;
        this.productTypes = productTypes;
        this.forms = forms;
        this.once = once;
    }

    /** The form, nested like the API's ({@code integration.url}, {@code queue.queues}) so problems find fields. */
    public static class Form extends NewEntryForm {
        private String productType = "vds";
        private String moduleType;
        private String name;
        private Long dataCenterId;
        private Long departmentId;
        private Integer sortOrder;
        private Integration integration = new Integration();
        private Settings settings = new Settings();
        private Queue queue = new Queue();

        static Form of(ProcessingModuleView view) {
            Form form = new Form();
            form.readFrom(view);
            form.productType = view.productType();
            form.moduleType = view.moduleType();
            form.name = view.name();
            form.dataCenterId = view.dataCenterId();
            form.departmentId = view.departmentId();
            form.sortOrder = view.sortOrder();
            form.integration.url = view.integration().url();
            form.integration.username = view.integration().username();
            form.settings.cluster = view.settings().cluster();
            form.settings.useRecipes = view.settings().useRecipes();
            form.settings.additionalNetworkInterface = view.settings().additionalNetworkInterface();
            form.queue.runInQueue = view.queue().runInQueue();
            form.queue.queues = view.queue().queues();
            form.queue.queueKey = view.queue().queueKey();
            return form;
        }

        ProcessingModuleForm toApi() {
            return new ProcessingModuleForm(productType, moduleType, name, dataCenterId, departmentId, sortOrder,
                    new ProcessingModuleForm.Integration(blankToNull(integration.url),
                            blankToNull(integration.username), blankToNull(integration.password)),
                    new ProcessingModuleForm.Settings(blankToNull(settings.cluster), settings.useRecipes,
                            settings.additionalNetworkInterface),
                    new ProcessingModuleForm.Queue(queue.runInQueue, queue.runInQueue ? queue.queues : null,
                            blankToNull(queue.queueKey)));
        }

        public String getProductType() { return productType; }
        public void setProductType(String productType) { this.productType = productType; }
        public String getModuleType() { return moduleType; }
        public void setModuleType(String moduleType) { this.moduleType = moduleType; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public Long getDataCenterId() { return dataCenterId; }
        public void setDataCenterId(Long dataCenterId) { this.dataCenterId = dataCenterId; }
        public Long getDepartmentId() { return departmentId; }
        public void setDepartmentId(Long departmentId) { this.departmentId = departmentId; }
        public Integer getSortOrder() { return sortOrder; }
        public void setSortOrder(Integer sortOrder) { this.sortOrder = sortOrder; }
        public Integration getIntegration() { return integration; }
        public void setIntegration(Integration integration) { this.integration = integration; }
        public Settings getSettings() { return settings; }
        public void setSettings(Settings settings) { this.settings = settings; }
        public Queue getQueue() { return queue; }
        public void setQueue(Queue queue) { this.queue = queue; }
    }

    public static class Integration {
        private String url;
        private String username;
        private String password;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        /** Never filled from the store: the page shows only whether a password is set. */
        public String getPassword() { return null; }
        public void setPassword(String password) { this.password = password; }

        boolean passwordTyped() {
            return password != null && !password.isBlank();
        }
    }

    public static class Settings {
        private String cluster;
        private boolean useRecipes;
        private boolean additionalNetworkInterface;

        public String getCluster() { return cluster; }
        public void setCluster(String cluster) { this.cluster = cluster; }
        public boolean isUseRecipes() { return useRecipes; }
        public void setUseRecipes(boolean useRecipes) { this.useRecipes = useRecipes; }
        public boolean isAdditionalNetworkInterface() { return additionalNetworkInterface; }
        public void setAdditionalNetworkInterface(boolean value) { this.additionalNetworkInterface = value; }
    }

    public static class Queue {
        private boolean runInQueue;
        private Integer queues = 1;
        private String queueKey;

        public boolean isRunInQueue() { return runInQueue; }
        public void setRunInQueue(boolean runInQueue) { this.runInQueue = runInQueue; }
        public Integer getQueues() { return queues; }
        public void setQueues(Integer queues) { this.queues = queues; }
        public String getQueueKey() { return queueKey; }
        public void setQueueKey(String queueKey) { this.queueKey = queueKey; }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("modules", modules.list());
        model.addAttribute("dataCenters", dataCenters.list());
        model.addAttribute("departments", departments.list());
        return "console/modules";
    }

    @GetMapping("/new")
    @PreAuthorize(PageSupport.ADMINS)
    String create(Model model) {
        Form form = new Form();
        form.newKey();
        return form(model, form, null, FormErrors.none());
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        return form(model, Form.of(modules.get(id)), id, FormErrors.none());
    }

    @PostMapping("/new")
    String create(@ModelAttribute("form") Form form, BindingResult binding, Model model, RedirectAttributes flash) {
        FormErrors errors = FormErrors.of(binding);
        String key = form.key(errors);
        CreateOnce.Created<ProcessingModuleView> created = forms.submit(form.toApi(), errors,
                f -> modules.checkInput(f, null), f -> once.create(key, "module", f.withoutPassword(),
                        () -> modules.create(f), ProcessingModuleView::id, modules::get));
        if (created == null) {
            return form(model, form, null, errors);
        }
        if (created.before()) {
            flash.addFlashAttribute("notice", NewEntryForm.sentBefore("processing module",
                    created.entry() == null ? null : created.entry().name()));
            return created.entry() == null ? "redirect:/console/modules" : "redirect:/console/modules/" + created.id();
        }
        flash.addFlashAttribute("notice", "Processing module " + created.entry().name() + " created.");
        return "redirect:/console/modules/" + created.id();
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") Form form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        modules.get(id);
        FormErrors errors = FormErrors.of(binding);
        ProcessingModuleView saved = forms.submit(form.toApi(), errors, f -> modules.checkInput(f, id),
                f -> modules.update(id, f, form.ifMatch()));
        if (saved == null) {
            return form(model, form, id, errors);
        }
        flash.addFlashAttribute("notice", "Processing module " + saved.name() + " saved.");
        return "redirect:/console/modules/" + id;
    }

    /** Logs in to the module's system with the stored settings and shows the answer on the module's page. */
    @PostMapping("/{id}/check-connection")
    String checkConnection(@PathVariable long id, RedirectAttributes flash) {
        ConnectionCheck check = connectionChecks.check(id);
        flash.addFlashAttribute("connectionCheck", check);
        return "redirect:/console/modules/" + id;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) Long version,
            RedirectAttributes flash) {
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            modules.delete(id, IfMatch.of(version));
            return id;
        });
        Flash.outcome(flash, errors, "Processing module deleted.");
        return errors.any() ? "redirect:/console/modules/" + id : "redirect:/console/modules";
    }

    private String form(Model model, Form form, Long id, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("id", id);
        ProcessingModuleView.Integration stored = id == null ? null : modules.get(id).integration();
        model.addAttribute("passwordSet", stored != null && stored.passwordSet());
        // a stored password no configured key decrypts: said beside the field, as the API says it
        model.addAttribute("passwordProblem", stored == null ? null : stored.passwordProblem());
        // a password typed into a form that came back is not sent to the browser again: say so, or it is lost unseen
        model.addAttribute("passwordNotKept", errors.any() && form.integration != null
                && form.integration.passwordTyped());
        model.addAttribute("errors", errors);
        model.addAttribute("moduleTypes", moduleTypes.descriptors());
        model.addAttribute("productTypes", productTypes.list());
        model.addAttribute("dataCenters", dataCenters.list());
        model.addAttribute("departments", departments.list());
        return "console/module-form";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
