package com.hostflow.audit;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.security.CurrentUser;

/**
 * Records administrative changes in the caller's transaction, so a change and its audit entry are written together
 * or not at all. Callers pass the API views of the entity (which never carry secrets) as before and after.
 */
@Service
public class AuditLog {

    static final String SYSTEM_USER = "system";

    /**
     * Every entity the log records, which {@code GET /audit?entity=} accepts; a feature that audits a new one adds it
     * here ({@link #record} refuses an unknown one, so the filter cannot fall behind).
     */
    public static final SortedSet<String> ENTITIES = Collections.unmodifiableSortedSet(
            new TreeSet<>(List.of("billing-run", "calendar", "client", "credit", "datacenter",
                    "department", "password", "payment", "processing-module", "product-type", "provider",
                    "service", "service-credentials", "sync-run", "tariff", "tariff-group", "user")));

    private final AuditEntryRepository entries;
    private final CurrentUser currentUser;
    private final ObjectMapper json;
    private final Clock clock;

    AuditLog(AuditEntryRepository entries, CurrentUser currentUser, ObjectMapper json, Clock clock) {
        this.entries = entries;
        this.currentUser = currentUser;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditAction action, String entity, Object entityId, Object before, Object after) {
        if (!ENTITIES.contains(entity)) {
            throw new IllegalArgumentException("audit entity " + entity + " is not in AuditLog.ENTITIES");
        }
        String username = currentUser.username();
        entries.save(new AuditEntry(clock.instant(), username == null ? SYSTEM_USER : username, action.name(),
                entity, String.valueOf(entityId), toJson(before), toJson(after)));
    }

    @Transactional(readOnly = true)
    public Page<AuditEntry> search(String entity, String username, Pageable page) {
        return entries.search(entity, username, page);
    }

    private String toJson(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the audit state of " + state.getClass(), e);
        }
    }
}
