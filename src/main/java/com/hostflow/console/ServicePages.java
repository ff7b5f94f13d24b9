package com.hostflow.console;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffView;
import com.hostflow.clients.Client;
import com.hostflow.clients.ClientService;
import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.lifecycle.resume.ServiceResumes;
import com.hostflow.lifecycle.suspension.ServiceSuspensions;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceProcesses;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * Services for admins and staff: search by client, status and tariff; a service's page with its status, reasons,
 * paid-until, the journal of module operations, its process instances (linked into Cockpit) and the admin actions.
 */
@Controller
@RequestMapping("/console/services")
class ServicePages {

    /** The one-time key of the prolong form, sent as the request's Idempotency-Key. */
    static final String REQUEST_KEY = "requestKey";

    private final ServiceSearch search;
    private final ServiceQueries queries;
    private final ServiceProcesses processes;
    private final ServiceSuspensions suspensions;
    private final ServiceResumes resumes;
    private final ServiceProlongations prolongations;
    private final ServiceDeletions deletions;
    private final TariffService tariffs;
    private final ClientService clients;
    private final PageForms forms;
    private final Clock clock;

    ServicePages(ServiceSearch search, ServiceQueries queries, ServiceProcesses processes,
            ServiceSuspensions suspensions, ServiceResumes resumes, ServiceProlongations prolongations,
            ServiceDeletions deletions, TariffService tariffs, ClientService clients, PageForms forms, Clock clock) {
        this.search = search;
        this.queries = queries;
        this.processes = processes;
        this.suspensions = suspensions;
        this.resumes = resumes;
        this.prolongations = prolongations;
        this.deletions = deletions;
        this.tariffs = tariffs;
        this.clients = clients;
        this.forms = forms;
        this.clock = clock;
    }

    @GetMapping
    String list(@RequestParam(required = false) Long clientId, @RequestParam(required = false) ServiceStatus status,
            @RequestParam(required = false) Long tariffId, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("result", search.search(clientId, status, tariffId, page));
        model.addAttribute("clientId", clientId);
        model.addAttribute("status", status);
        model.addAttribute("tariffId", tariffId);
        model.addAttribute("statuses", ServiceStatus.values());
        model.addAttribute("tariffs", tariffsById());
        model.addAttribute("clients", clients.clients(0, 500).stream()
                .collect(Collectors.toMap(Client::getId, Function.identity())));
        return "console/services";
    }

    @GetMapping("/{id}")
    String service(@PathVariable long id, Model model) {
        ServiceInstance service = queries.service(id);
        model.addAttribute("service", service);
        model.addAttribute("client", clients.client(service.getClientId()));
        model.addAttribute("tariff", tariffsById().get(service.getTariffId()));
        model.addAttribute("journal", queries.journal(id, 0, 50).getContent());
        model.addAttribute("refusals", queries.refusedOperations(List.of(id)));
        model.addAttribute("processes", processes.processesOf(id));
        model.addAttribute("reasons", SuspensionReason.values());
        model.addAttribute("adminReasons", new SuspensionReason[] {SuspensionReason.ADMIN, SuspensionReason.ABUSE});
        // what the client area offers too: a period an add-on value of the service is not sold for is left out
        model.addAttribute("prolongations", service.isDeleted() ? List.of() : prolongations.offers(id));
        model.addAttribute(REQUEST_KEY, UUID.randomUUID().toString());
        model.addAttribute("deletionWaits", service.getDeleteAt() != null && !service.isDeleted()
                && service.getDeleteAt().isAfter(clock.instant()));
        return "console/service";
    }

    @PostMapping("/{id}/suspend")
    String suspend(@PathVariable long id, @RequestParam(required = false) SuspensionReason reason,
            @RequestParam(required = false) String comment, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        if (reason == null) {
            errors.add("reason", "choose a reason");
        } else {
            forms.run(errors, () -> {
                suspensions.requestSuspension(id, reason, comment);
                return id;
            });
        }
        Flash.outcome(flash, errors, "Suspension requested (" + reason + ").");
        return "redirect:/console/services/" + id;
    }

    @PostMapping("/{id}/resume")
    String resume(@PathVariable long id, @RequestParam(required = false) SuspensionReason reason,
            @RequestParam(required = false) String comment, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            resumes.requestResume(id, reason == null ? Set.of() : Set.of(reason), comment);
            return id;
        });
        Flash.outcome(flash, errors, "Resume requested.");
        return "redirect:/console/services/" + id;
    }

    @PostMapping("/{id}/prolong")
    String prolong(@PathVariable long id, @RequestParam(required = false) Period period,
            @RequestParam(name = REQUEST_KEY, required = false) String requestKey, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        // the page's one-time key: the form sent twice (a double click, a reload, the back button) charges once
        String key = PageForms.requestKey(REQUEST_KEY, requestKey, errors);
        Boolean accepted = errors.any() ? null
                : forms.run(errors, () -> prolongations.requestProlongation(id, period, key));
        Flash.outcome(flash, errors, Boolean.FALSE.equals(accepted)
                ? "This prolongation was requested already; nothing more was charged."
                : "Prolongation requested.");
        return "redirect:/console/services/" + id;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            deletions.deleteByAdmin(id);
            return id;
        });
        Flash.outcome(flash, errors, "Deletion started.");
        return "redirect:/console/services/" + id;
    }

    /** Takes back a client's deletion that waits for the end of the paid period. */
    @PostMapping("/{id}/keep")
    String keep(@PathVariable long id, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            deletions.withdraw(id);
            return id;
        });
        Flash.outcome(flash, errors, "Deletion withdrawn: the service keeps running.");
        return "redirect:/console/services/" + id;
    }

    private Map<Long, TariffView> tariffsById() {
        return tariffs.list(null, null, null, null).stream()
                .collect(Collectors.toMap(TariffView::id, Function.identity()));
    }
}
