package com.hostflow.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

public record DepartmentView(long id, String name, String key, String taskDueAfter, String taskFollowUpAfter,
        @JsonIgnore long version) implements Versioned {

    static DepartmentView of(Department d) {
        return new DepartmentView(d.getId(), d.getName(), d.getKey(), d.getTaskDueAfter().toString(),
                d.getTaskFollowUpAfter().toString(), d.getVersion());
    }
}
