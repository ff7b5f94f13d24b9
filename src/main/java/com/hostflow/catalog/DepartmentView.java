package com.hostflow.catalog;

public record DepartmentView(long id, String name, String key) {

    static DepartmentView of(Department d) {
        return new DepartmentView(d.getId(), d.getName(), d.getKey());
    }
}
