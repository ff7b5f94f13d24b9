package com.hostflow.common.database;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityHolder;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

import jakarta.persistence.EntityManager;

/**
 * What the transaction's persistence context already holds of a row. A copy loaded earlier in a long engine
 * transaction is not read again by a later find: code that must decide on the row as last committed asks here first.
 */
public final class RememberedEntities {

    private RememberedEntities() {
    }

    /** The copy of the row this transaction loaded before, if any (no query is made). */
    public static <T> Optional<T> remembered(EntityManager entities, Class<T> type, Object id) {
        SessionImplementor session = entities.unwrap(SessionImplementor.class);
        EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(type);
        return Optional.ofNullable(type.cast(session.getPersistenceContextInternal()
                .getEntity(session.generateEntityKey(id, persister))));
    }

    /** Whether this transaction holds any row of the type (no query is made). */
    public static boolean holdsAny(EntityManager entities, Class<?> type) {
        String entityName = entities.unwrap(SessionImplementor.class).getFactory().getMappingMetamodel()
                .getEntityDescriptor(type).getEntityName();
        return holdsAny(entities, entityName::equals);
    }

    /** Whether this transaction holds any row of an entity whose name (its class's name) passes (no query). */
    public static boolean holdsAny(EntityManager entities, Predicate<String> entityName) {
        // null until the transaction's first entity
        Map<EntityKey, EntityHolder> held = entities.unwrap(SessionImplementor.class).getPersistenceContextInternal()
                .getEntityHoldersByKey();
        return held != null && held.keySet().stream().anyMatch(key -> entityName.test(key.getEntityName()));
    }

    /**
     * Reads the remembered copy again when this transaction has not changed it; a changed copy is left alone, its
     * write is checked against the row's version when the transaction commits.
     */
    public static void readAgainUnlessChanged(EntityManager entities, Class<?> type, Object id) {
        remembered(entities, type, id).ifPresent(copy -> {
            SessionImplementor session = entities.unwrap(SessionImplementor.class);
            EntityEntry entry = session.getPersistenceContextInternal().getEntry(copy);
            EntityPersister persister = entry.getPersister();
            Object[] loaded = entry.getLoadedState();
            // a read-only copy keeps no loaded state: it cannot have been changed
            if (loaded == null || persister.findDirty(persister.getValues(copy), loaded, copy, session) == null) {
                entities.refresh(copy);
            }
        });
    }
}
