package com.hostflow.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A team that handles tasks of processing modules. Its {@code key} is also the id of a Camunda group of type
 * {@code department}, so user tasks name it as candidate group and Tasklist shows them to its members.
 */
@Entity
@Table(name = "department")
public class Department {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "department_key", nullable = false, unique = true, updatable = false)
    private String key;

    @Column(nullable = false)
    private String name;

    protected Department() {
    }

    public Department(String key, String name) {
        this.key = key;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getKey() {
        return key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
