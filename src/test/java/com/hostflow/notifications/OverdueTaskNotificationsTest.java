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

    /**
     * A department without members (found by a probe: its staff moved to another department, or the one who had
     * claimed the task was deleted) told nobody at all about its overdue task; the admins hear of it instead.
     */
    @Test
    void theAdminsHearAboutAnOverdueTaskNoMemberOfItsDepartmentCanBeToldOf() throws Exception {
        NotificationTestData data = new NotificationTestData(http, smtp).catalog();
        repository.createDeployment().name("overdue-test").enableDuplicateFiltering(true)
                .addClasspathResource("notifications/OverdueTaskTestProcess.bpmn").deploy();
        String emptyDepartment = "empty-" + data.unique;
        data.created("/departments", Map.of("name", "Empty " + data.unique, "key", emptyDepartment));
        String adminMail = data.email("boss");
        data.created("/users", Map.of("username", "boss-" + data.unique, "password", "admin-password",
                "firstName", "Boss", "email", adminMail, "roles", List.of("ADMIN")));
        String staffMail = staff(data, "bystander");
        String instance = runtime.startProcessInstanceByKey("OverdueTaskTestProcess", Map.of("department",
                emptyDepartment, "due", Date.from(clock.instant().minus(Duration.ofHours(1))))).getId();
        try {
            String task = tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
            overdue.tellAboutOverdueTasks();

            List<MimeMessage> toAdmin = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> aboutTask(data.mailsTo(adminMail), task), mails -> !mails.isEmpty());
            assertThat(NotificationDeliveryTest.subject(toAdmin.get(0))).isEqualTo("Overdue task: Check the order");
            assertThat(data.mailsTo(staffMail)).as("staff of another department").isEmpty();
        } finally {
            runtime.deleteProcessInstance(instance, "test done");
        }
    }

    private static List<MimeMessage> aboutTask(List<MimeMessage> mails, String task) {
        return mails.stream().filter(m -> com.hostflow.support.MailText.decoded(m).contains("?task=" + task)).toList();
    }

    private static String staff(NotificationTestData data, String name) {
        String email = data.email(name);
        data.created("/users", Map.of("username", name + "-" + data.unique, "password", "staff-password",
                "firstName", name.substring(0, 1).toUpperCase() + name.substring(1), "lastName", "Ops",
                "email", email, "roles", List.of("STAFF"), "departments", List.of(data.departmentKey)));
        return email;
    }
}
