package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.hostflow.support.IntegrationTest;

import jakarta.mail.internet.MimeMessage;

/**
 * Staff hear about a department task past its due date: every member of the task's department once, the assignee
 * alone when there is one, nobody for a task still in time, and nobody twice however often the check runs.
 */
@IntegrationTest
class OverdueTaskNotificationsTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    OverdueTaskNotifications overdue;

    @Autowired
    Clock clock;

    @Test
    void theDepartmentHearsOnceAboutATaskPastItsDueDate() throws Exception {
        NotificationTestData data = new NotificationTestData(http, smtp).catalog();
        repository.createDeployment().name("overdue-test").enableDuplicateFiltering(true)
                .addClasspathResource("notifications/OverdueTaskTestProcess.bpmn").deploy();
        String anna = staff(data, "anna");
        String olga = staff(data, "olga");
        Date anHourAgo = Date.from(clock.instant().minus(Duration.ofHours(1)));
        Date tomorrow = Date.from(clock.instant().plus(Duration.ofDays(1)));
        runtime.startProcessInstanceByKey("OverdueTaskTestProcess", Map.of("department", data.departmentKey,
                "due", anHourAgo));
        runtime.startProcessInstanceByKey("OverdueTaskTestProcess", Map.of("department", data.departmentKey,
                "due", tomorrow));
        String assigned = runtime.startProcessInstanceByKey("OverdueTaskTestProcess", Map.of("department",
                data.departmentKey, "due", anHourAgo)).getId();
        tasks.setAssignee(tasks.createTaskQuery().processInstanceId(assigned).singleResult().getId(),
                "olga-" + data.unique);

        overdue.tellAboutOverdueTasks();
        overdue.tellAboutOverdueTasks();

        List<MimeMessage> toAnna = data.awaitMailsTo(anna, 1);
        data.awaitMailsTo(olga, 2);
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10))
                .until(() -> data.mailsTo(anna).size() == 1 && data.mailsTo(olga).size() == 2);
        assertThat(NotificationDeliveryTest.subject(toAnna.get(0))).isEqualTo("Overdue task: Check the order");
        assertThat(com.hostflow.support.MailText.decoded(toAnna.get(0))).contains("Hello, Anna Ops!",
                "/camunda/app/tasklist/default/#/?task=");
    }

    private static String staff(NotificationTestData data, String name) {
        String email = data.email(name);
        data.created("/users", Map.of("username", name + "-" + data.unique, "password", "staff-password",
                "firstName", name.substring(0, 1).toUpperCase() + name.substring(1), "lastName", "Ops",
                "email", email, "roles", List.of("STAFF"), "departments", List.of(data.departmentKey)));
        return email;
    }
}
