package com.hostflow.notifications.web;

import java.util.List;
import java.util.Set;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.PageView;
import com.hostflow.notifications.MailTemplates;
import com.hostflow.notifications.NotificationStatus;
import com.hostflow.notifications.Notifications;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The whole outbox for admins: what failed, one notification's delivery, another round for a failed one. */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasRole('ADMIN')")
@Validated
@Tag(name = "Notifications", description = "The mails HostFlow sends clients and staff: queued in the"
        + " transaction of the event (an outbox), delivered with retries, listed per client and for admins.")
class NotificationAdminController {

    private final Notifications notifications;
    private final MailTemplates templates;

    NotificationAdminController(Notifications notifications, MailTemplates templates) {
        this.notifications = notifications;
        this.templates = templates;
    }

    @GetMapping("/notifications")
    @Operation(summary = "Notifications of every client, newest first; ?status=FAILED lists those no attempt delivered")
    PageView<NotificationDetail> list(@RequestParam(required = false) NotificationStatus status,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(notifications.withStatus(status, page, size), NotificationDetail::of);
    }

    @Operation(summary = "One notification with its rendered mail and delivery attempts")
    @GetMapping("/notifications/{id}")
    NotificationDetail get(@PathVariable long id) {
        return NotificationDetail.of(notifications.notification(id));
    }

    @PostMapping("/notifications/{id}/resend")
    @Operation(summary = "Another round of attempts for a FAILED notification, to the client's current address")
    NotificationDetail resend(@PathVariable long id) {
        return NotificationDetail.of(notifications.sendAgain(id));
    }

    @GetMapping("/notification-templates")
    @Operation(summary = "The mail templates there are, built in or in the operator's folder")
    List<TemplateView> templates() {
        return templates.names().stream().map(name -> {
            MailTemplates.Needs needs = templates.needs(name);
            return new TemplateView(name, templates.languages(name), needs.parameters(), needs.service(),
                    Notifications.forStaff(name));
        }).toList();
    }

    /**
     * What a manual notification of this template must carry: these {@code params}, and a {@code serviceId}; a
     * template {@code forStaff} is not sent to clients.
     */
    record TemplateView(String name, Set<String> languages, Set<String> parameters, boolean needsService,
            boolean forStaff) {
    }
}
