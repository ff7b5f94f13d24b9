package com.hostflow.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.DepartmentView;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.TariffService;
import com.hostflow.lifecycle.PaymentDeliveries;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceStatus;

/** The console's start page, departments with their open tasks, and the audit log. */
@Controller
class OverviewPages {

    static final String TASKLIST = "/camunda/app/tasklist/default/";
    private static final int FAILING_PAYMENTS_SHOWN = 20;
    private static final int REFUSALS_SHOWN = 20;

    private final DataCenterService dataCenters;
    private final ProcessingModuleService modules;
    private final ProductTypeService productTypes;
    private final TariffService tariffs;
    private final DepartmentService departments;
    private final ServiceSearch services;
    private final TaskService tasks;
    private final AuditLog audit;
    private final PaymentDeliveries payments;
    private final OperationJournal journal;

    OverviewPages(DataCenterService dataCenters, ProcessingModuleService modules, ProductTypeService productTypes,
            TariffService tariffs, DepartmentService departments, ServiceSearch services, TaskService tasks,
            AuditLog audit, PaymentDeliveries payments, OperationJournal journal) {
        this.dataCenters = dataCenters;
        this.modules = modules;
        this.productTypes = productTypes;
        this.tariffs = tariffs;
        this.departments = departments;
        this.services = services;
        this.tasks = tasks;
        this.audit = audit;
        this.payments = payments;
        this.journal = journal;
    }

    @GetMapping("/console")
    String overview(Model model) {
        model.addAttribute("dataCenters", dataCenters.list().size());
        model.addAttribute("modules", modules.list().size());
        model.addAttribute("productTypes", productTypes.list().size());
        model.addAttribute("tariffs", tariffs.list(null, null, null, null).size());
        Map<ServiceStatus, Long> byStatus = new LinkedHashMap<>();
        for (ServiceStatus status : ServiceStatus.values()) {
            byStatus.put(status, services.search(null, status, null, 0).total());
        }
        model.addAttribute("servicesByStatus", byStatus);
        model.addAttribute("failingPayments", payments.failing(FAILING_PAYMENTS_SHOWN));
        model.addAttribute("failingPaymentCount", payments.failingCount());
        model.addAttribute("refusals", journal.openRefusals(REFUSALS_SHOWN));
        model.addAttribute("refusalsShown", REFUSALS_SHOWN);
        return "console/overview";
    }

    /** Each department with the number of open tasks its group may work on in Tasklist. */
    @GetMapping("/console/departments")
    String departments(Model model) {
        Map<DepartmentView, Long> openTasks = new LinkedHashMap<>();
        for (DepartmentView department : departments.list()) {
            openTasks.put(department, tasks.createTaskQuery().taskCandidateGroup(department.key()).active().count());
        }
        model.addAttribute("openTasks", openTasks);
        model.addAttribute("tasklist", TASKLIST);
        return "console/departments";
    }

    @GetMapping("/console/audit")
    String audit(@RequestParam(required = false) String entity, @RequestParam(required = false) String user,
            @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("entries", audit.search(blankToNull(entity), blankToNull(user),
                PageRequest.of(PageSupport.pageNumber(page), 50)));
        model.addAttribute("entity", entity);
        model.addAttribute("user", user);
        return "console/audit";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
