package com.hostflow.catalog;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A team that handles tasks of processing modules. Its {@code key} is also the id of a Camunda group of type
 * {@code department}, so user tasks name it as candidate group and Tasklist shows them to its members. Its tasks are
 * due {@code taskDueAfter} after they were created and want a look after {@code taskFollowUpAfter}.
 */
@Entity
@Table(name = "department")
public class Department {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @Column(name = "department_key", nullable = false, unique = true, updatable = false)
    private String key;

    @Column(nullable = false)
    private String name;

    /** ISO-8601, as {@link Duration#toString()} writes it. */
    @Column(name = "task_due_after", nullable = false)
    private String taskDueAfter = DepartmentTaskTimes.DEFAULT_DUE_AFTER.toString();

    @Column(name = "task_follow_up_after", nullable = false)
    private String taskFollowUpAfter = DepartmentTaskTimes.DEFAULT_FOLLOW_UP_AFTER.toString();

    /** Kind of filter ({@link DepartmentTaskFilters.Kind}) → id of the engine's Tasklist filter. */
    @ElementCollection
    @CollectionTable(name = "department_task_filter", joinColumns = @JoinColumn(name = "department_id"))
    @MapKeyColumn(name = "kind")
    @Column(name = "filter_id", nullable = false)
    private Map<String, String> taskFilters = new HashMap<>();

    protected Department() {
    }

    public Department(String key, String name) {
        this.key = key;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
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

    public Duration getTaskDueAfter() {
        return Duration.parse(taskDueAfter);
    }

    public Duration getTaskFollowUpAfter() {
        return Duration.parse(taskFollowUpAfter);
    }

    public void setTaskTimes(Duration dueAfter, Duration followUpAfter) {
        this.taskDueAfter = dueAfter.toString();
        this.taskFollowUpAfter = followUpAfter.toString();
    }

    Map<String, String> taskFilters() {
        return taskFilters;
    }
}
