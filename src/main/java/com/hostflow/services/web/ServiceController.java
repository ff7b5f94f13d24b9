package com.hostflow.services.web;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.PageView;
import com.hostflow.services.RefusedOperation;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceProcesses;
import com.hostflow.services.ServiceProcesses.ProcessInstanceView;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceStatus;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@RequestMapping("/api/v1/services")
@Validated
@Tag(name = "Services", description = "Sold services and their lives: status, paid period, add-ons, the processes"
        + " that ran for them and the module operations they took. A CLIENT sees and acts on its own only.")
class ServiceController {

    private final ServiceQueries queries;
    private final ServiceProcesses processes;

    ServiceController(ServiceQueries queries, ServiceProcesses processes) {
        this.queries = queries;
        this.processes = processes;
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a service", description = "Status (ORDERED, PROCESSING, ACTIVE, SUSPENDED, DELETED,"
            + " FAILED), suspension reasons, paid-until, add-ons, parameters, external id, domain and addresses, and"
            + " `refusedOperations`: each lifecycle operation (suspend, resume, setparam, reset_password, close) whose"
            + " last try did not happen, with when and the module's reason, until a later one of its kind succeeds (a"
            + " CLIENT sees those it asked for itself, a parameter change, password reset or deletion, not an admin's,"
            + " and for a reason plain words, not the module's).")
    ServiceResponse service(@PathVariable long id) {
        return ServiceResponse.read(queries, id);
    }

    @GetMapping
    @Operation(summary = "List services", description = "Paged, by `clientId`, `status` and `tariffId`. A CLIENT gets"
            + " its own: another client's id is 404, and so is a tariff it may not see unless one of its services is"
            + " on it.")
    PageView<ServiceResponse> services(@RequestParam(required = false) Long clientId,
            @RequestParam(required = false) ServiceStatus status, @RequestParam(required = false) Long tariffId,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Page<ServiceInstance> found = queries.services(clientId, status, tariffId, page, size);
        List<RefusedOperation> refusals = queries.refusedOperations(found.map(ServiceInstance::getId).getContent());
        return PageView.of(found, s -> ServiceResponse.of(s, refusals));
    }

    @GetMapping("/{id}/processes")
    @Operation(summary = "List a service's processes", description = "Every process instance that ran or runs for"
            + " the service (business key = its id), call activities included, with a Cockpit link.")
    List<ProcessInstanceView> processes(@PathVariable long id) {
        return processes.processesOf(id);
    }

    @GetMapping("/{id}/journal")
    @Operation(summary = "List a service's module operations", description = "Every attempt of every module"
            + " operation with its outcome and the module's own message, newest first.")
    PageView<JournalEntryResponse> journal(@PathVariable long id,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return PageView.of(queries.journal(id, page, size), JournalEntryResponse::of);
    }
}
