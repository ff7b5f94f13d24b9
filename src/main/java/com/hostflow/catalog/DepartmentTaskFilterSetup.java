package com.hostflow.catalog;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start-up, gives every department the Tasklist filters it lacks: departments made before filters existed, and
 * filters someone deleted in Tasklist. One short transaction per department; safe on several nodes at once.
 */
@Component
@Order(5)
class DepartmentTaskFilterSetup implements ApplicationRunner {

    private final DepartmentRepository departments;
    private final DepartmentService service;

    DepartmentTaskFilterSetup(DepartmentRepository departments, DepartmentService service) {
        this.departments = departments;
        this.service = service;
    }

    @Override
    public void run(ApplicationArguments args) {
        departments.findAllIds().forEach(service::ensureTaskFilters);
    }
}
