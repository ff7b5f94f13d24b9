package com.hostflow.services;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One attempt (or decision) of a module operation on a service. */
@Entity
@Table(name = "service_operation")
public class OperationJournalEntry {

    static final int MAX_MESSAGE = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private long serviceId;

    @Column(nullable = false)
    private String operation;

    @Column(nullable = false)
    private String operationKey;

    private int attempt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OperationOutcome outcome;

    private String message;

    @Column(nullable = false)
    private Instant at;

    protected OperationJournalEntry() {
    }

    /** The message as the column holds it: its first {@value #MAX_MESSAGE} characters. */
    static String fitted(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
    }

    public Long getId() {
        return id;
    }

    public String getOperation() {
        return operation;
    }

    public String getOperationKey() {
        return operationKey;
    }

    public int getAttempt() {
        return attempt;
    }

    public OperationOutcome getOutcome() {
        return outcome;
    }

    public String getMessage() {
        return message;
    }

    public Instant getAt() {
        return at;
    }
}
