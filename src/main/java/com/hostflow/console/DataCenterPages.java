package com.hostflow.console;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DataCenterView;

/** Step 1 of the catalog: data centers, with a country flag or an image as icon. */
@Controller
@RequestMapping("/console/datacenters")
class DataCenterPages {

    private final DataCenterService dataCenters;
    private final PageForms forms;
    private final CreateOnce once;

    DataCenterPages(DataCenterService dataCenters, PageForms forms, CreateOnce once) {
        this.dataCenters = dataCenters;
        this.forms = forms;
        this.once = once;
    }

    /** A country of the flag picker. */
    public record Country(String code, String name, String flag) {
    }

    /** The page's form: the icon is chosen as none, a flag or an image, then given as the API's icon. */
    public static class Form extends NewEntryForm {
        private String name;
        private String externalId;
        private Integer sortOrder;
        private String iconKind = "NONE";
        private String countryCode;
        private String imageUrl;

        static Form of(DataCenterView view) {
            Form form = new Form();
            form.readFrom(view);
            form.name = view.name();
            form.externalId = view.externalId();
            form.sortOrder = view.sortOrder();
            if (view.icon() != null) {
                form.iconKind = view.icon().countryCode() != null ? "FLAG" : "IMAGE";
                form.countryCode = view.icon().countryCode();
                form.imageUrl = view.icon().imageUrl();
            }
            return form;
        }

        DataCenterForm toApi() {
            DataCenterForm.Icon icon = switch (iconKind == null ? "NONE" : iconKind) {
                case "FLAG" -> new DataCenterForm.Icon(countryCode, null);
                case "IMAGE" -> new DataCenterForm.Icon(null, imageUrl);
                default -> null;
            };
            return new DataCenterForm(name, externalId, sortOrder, icon);
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getExternalId() { return externalId; }
        public void setExternalId(String externalId) { this.externalId = externalId; }
        public Integer getSortOrder() { return sortOrder; }
        public void setSortOrder(Integer sortOrder) { this.sortOrder = sortOrder; }
        public String getIconKind() { return iconKind; }
        public void setIconKind(String iconKind) { this.iconKind = iconKind; }
        public String getCountryCode() { return countryCode; }
        public void setCountryCode(String countryCode) { this.countryCode = countryCode; }
        public String getImageUrl() { return imageUrl; }
        public void setImageUrl(String imageUrl) { this.imageUrl = imageUrl; }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("dataCenters", dataCenters.list());
        return "console/datacenters";
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
        return form(model, Form.of(dataCenters.get(id)), id, FormErrors.none());
    }

    @PostMapping("/new")
    String create(@ModelAttribute("form") Form form, BindingResult binding, Model model, RedirectAttributes flash) {
        FormErrors errors = FormErrors.of(binding);
        String key = form.key(errors);
        CreateOnce.Created<DataCenterView> created = forms.submit(form.toApi(), errors, dataCenters::checkInput,
                f -> once.create(key, "data-center", f.toString(), () -> dataCenters.create(f), DataCenterView::id,
                        dataCenters::get));
        if (created == null) {
            return form(model, form, null, errors);
        }
        flash.addFlashAttribute("notice", created.before()
                ? NewEntryForm.sentBefore("data center", created.entry() == null ? null : created.entry().name())
                : "Data center " + created.entry().name() + " created.");
        return "redirect:/console/datacenters";
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") Form form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        dataCenters.get(id);
        FormErrors errors = FormErrors.of(binding);
        DataCenterView saved = forms.submit(form.toApi(), errors, dataCenters::checkInput,
                f -> dataCenters.update(id, f, form.ifMatch()));
        if (saved == null) {
            return form(model, form, id, errors);
        }
        flash.addFlashAttribute("notice", "Data center " + saved.name() + " saved.");
        return "redirect:/console/datacenters";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) Long version,
            RedirectAttributes flash) {
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            dataCenters.delete(id, IfMatch.of(version));
            return id;
        });
        Flash.outcome(flash, errors, "Data center deleted.");
        return "redirect:/console/datacenters";
    }

    private String form(Model model, Form form, Long id, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("id", id);
        model.addAttribute("errors", errors);
        model.addAttribute("countries", COUNTRIES);
        return "console/datacenter-form";
    }

    static final List<Country> COUNTRIES = java.util.Arrays.stream(Locale.getISOCountries())
            .map(code -> new Country(code, new Locale("", code).getDisplayCountry(Locale.ENGLISH), flag(code)))
            .sorted(Comparator.comparing(Country::name))
            .toList();

    /** The flag emoji of an ISO 3166 code: two regional indicator symbols. */
    public static String flag(String countryCode) {
        if (countryCode == null || countryCode.length() != 2) {
            return "";
        }
        String code = countryCode.toUpperCase(Locale.ROOT);
        return new String(Character.toChars(0x1F1E6 + code.charAt(0) - 'A'))
                + new String(Character.toChars(0x1F1E6 + code.charAt(1) - 'A'));
    }
}
