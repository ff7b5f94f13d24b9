package com.hostflow.catalog;

public record DepartmentView(long id, String name, String key, String taskDueAfter, String taskFollowUpAfter) {

    static DepartmentView of(Department d) {
        return new DepartmentView(d.getId(), d.getName(), d.getKey(), d.getTaskDueAfter().toString(),
                d.getTaskFollowUpAfter().toString());
    }
}
