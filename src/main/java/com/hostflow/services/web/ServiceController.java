package com.hostflow.services.web;

import java.util.List;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.PageView;
import com.hostflow.services.ServiceProcesses;
import com.hostflow.services.ServiceProcesses.ProcessInstanceView;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceStatus;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@RequestMapping("/api/v1/services")
@Validated
class ServiceController {

    private final ServiceQueries queries;
    private final ServiceProcesses processes;

    ServiceController(ServiceQueries queries, ServiceProcesses processes) {
        this.queries = queries;
        this.processes = processes;
    }

    @GetMapping("/{id}")
    ServiceResponse service(@PathVariable long id) {
        return ServiceResponse.of(queries.service(id));
    }

    @GetMapping
    PageView<ServiceResponse> services(@RequestParam(required = false) Long clientId,
            @RequestParam(required = false) ServiceStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageView.of(queries.services(clientId, status, page, size), ServiceResponse::of);
    }

    @GetMapping("/{id}/processes")
    List<ProcessInstanceView> processes(@PathVariable long id) {
        return processes.processesOf(id);
    }

    @GetMapping("/{id}/journal")
    PageView<JournalEntryResponse> journal(@PathVariable long id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return PageView.of(queries.journal(id, page, size), JournalEntryResponse::of);
    }
}
