package com.hostflow.catalog;

import org.springframework.stereotype.Component;

import jakarta.persistence.EntityManager;

/**
 * A catalog write whose result the API shows exactly as it showed the stored entry changes nothing: no version (so
 * the ETag other admins hold stays current), no audit entry, no catalog version. The entities replace their
 * collections whole (resources, prices, holidays, task filters), which Hibernate counts as a change even when the
 * new elements equal the old; so each update compares the entry's view before and after it applied the form, and an
 * equal one drops the entity's pending changes here, before anything is flushed.
 */
@Component
class UnchangedWrites {

    private final EntityManager entityManager;

    UnchangedWrites(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * True when {@code after} (the view of the entity as changed, before the flush: still the old version) equals
     * {@code before}; the entity is then detached with its changes (and its cascaded children's) unwritten. Call it
     * before anything flushes, and use the entity no more when it answers true.
     */
    boolean dropIfUnchanged(Object entity, Object before, Object after) {
        if (!before.equals(after)) {
            return false;
        }
        entityManager.detach(entity);
        return true;
    }
}
