package com.hostflow.notifications.dev;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.NotFoundException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The demo's caught mails (admins): the list with their texts, and one mail's HTML as a page. Absent in production. */
@RestController
@RequestMapping("/api/v1/dev/mails")
@ConditionalOnProperty(name = "hostflow.dev-mail.enabled", havingValue = "true")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Demo mail catcher", description = "demo profile only")
class DevMailController {

    private final CapturedMails mails;

    DevMailController(CapturedMails mails) {
        this.mails = mails;
    }

    @GetMapping
    @Operation(summary = "The mails HostFlow sent in the demo, newest first (the last 200)")
    List<CapturedMails.CapturedMail> list() {
        return mails.newestFirst();
    }

    /**
     * The API's policy ({@code default-src 'none'}) would drop the mail's inline {@code style} attributes, so the page
     * would not look like the mail the client gets: this one lets inline styles and data images through, never
     * scripts. Spring Security keeps a policy the answer already has.
     */
    static final String MAIL_PAGE_CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    @GetMapping(value = "/{id}", produces = {MediaType.TEXT_HTML_VALUE, MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "One caught mail as the client would see it: its HTML part, or its text")
    ResponseEntity<String> show(@PathVariable long id) {
        CapturedMails.CapturedMail mail = mails.mail(id).orElseThrow(() -> new NotFoundException("mail", id));
        return mail.html() != null
                ? ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        .header("Content-Security-Policy", MAIL_PAGE_CONTENT_SECURITY_POLICY).body(mail.html())
                : ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8)).body(mail.text());
    }
}
