package com.hostflow.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.security.Roles;

/**
 * Tells staff about department tasks past their due date, once per task and person: the assignee when the task has
 * one (a user that still exists), else every member of its candidate groups (the departments), else, when they have
 * no members, every admin. Runs on every node; the idempotency key
 * {@code task-overdue:<task>:<user>} keeps two nodes from telling anyone twice. Each task in its own transaction.
 */
@Component
public class OverdueTaskNotifications {

    static final String TEMPLATE = "task-overdue";
    private static final int PAGE = 200;

    private static final Logger log = LoggerFactory.getLogger(OverdueTaskNotifications.class);

    private final TaskService tasks;
    private final IdentityService identity;
    private final RepositoryService repository;
    private final Notifications notifications;
    private final NotificationSettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    OverdueTaskNotifications(TaskService tasks, IdentityService identity, RepositoryService repository,
            Notifications notifications, NotificationSettings settings, PlatformTransactionManager transactions,
            Clock clock) {
        this.tasks = tasks;
        this.identity = identity;
        this.repository = repository;
        this.notifications = notifications;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${hostflow.notifications.overdue-check:PT5M}",
            initialDelayString = "${hostflow.notifications.overdue-check:PT5M}")
    void scheduledCheck() {
        if (settings.senderEnabled()) {
            tellAboutOverdueTasks();
        }
    }

    /** One check: answers how many notifications it queued. */
    public int tellAboutOverdueTasks() {
        Instant now = clock.instant();
        int queued = 0;
        int first = 0;
        List<Task> overdue;
        do {
            overdue = tasks.createTaskQuery().active().dueBefore(Date.from(now)).orderByDueDate().asc()
                    .listPage(first, PAGE);
            for (Task task : overdue) {
                try {
                    Integer count = transaction.execute(status -> tell(task));
                    queued += count == null ? 0 : count;
                } catch (DataIntegrityViolationException e) {
                    log.debug("another node told about overdue task {} at the same time", task.getId());
                }
            }
            first += PAGE;
        } while (overdue.size() == PAGE);
        return queued;
    }

    private int tell(Task task) {
        int queued = 0;
        for (User user : people(task)) {
            Map<String, Object> model = model(task, user);
            if (notifications.enqueueToStaff("task-overdue:" + task.getId() + ":" + user.getId(), TEMPLATE,
                    user.getEmail(), name(user), model).isPresent()) {
                queued++;
            }
        }
        if (queued > 0) {
            log.info("task {} ({}) is past its due date: {} people told", task.getId(), task.getName(), queued);
        }
        return queued;
    }

    private Set<User> people(Task task) {
        Set<User> people = new LinkedHashSet<>();
        if (task.getAssignee() != null) {
            User assignee = identity.createUserQuery().userId(task.getAssignee()).singleResult();
            if (assignee != null) {
                people.add(assignee);
                return people;
            }
        }
        for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
            if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
                people.addAll(identity.createUserQuery().memberOfGroup(link.getGroupId()).list());
            } else if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getUserId() != null) {
                User user = identity.createUserQuery().userId(link.getUserId()).singleResult();
                if (user != null) {
                    people.add(user);
                }
            }
        }
        if (people.isEmpty()) {
            // a department without members (all moved or deleted): the admins hear of it, else nobody ever did
            people.addAll(identity.createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list());
        }
        return people;
    }

    private Map<String, Object> model(Task task, User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.getId());
        view.put("name", task.getName());
        view.put("dueDate", NotificationModels.TIME.format(task.getDueDate().toInstant()));
        view.put("created", NotificationModels.TIME.format(task.getCreateTime().toInstant()));
        view.put("process", task.getProcessDefinitionId() == null ? ""
                : repository.getProcessDefinition(task.getProcessDefinitionId()).getName());
        view.put("url", settings.publicUrl() + "/camunda/app/tasklist/default/#/?task=" + task.getId());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", TEMPLATE);
        model.put("task", view);
        model.put("user", Map.of("id", user.getId(), "name", name(user)));
        model.put("signature", "HostFlow");
        return model;
    }

    static String name(User user) {
        String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).trim();
        return name.isEmpty() ? user.getId() : name;
    }
}
