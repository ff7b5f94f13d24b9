package com.hostflow.catalog;

import org.hibernate.Interceptor;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.type.Type;

/**
 * Tells {@link CatalogSnapshots} when Hibernate writes a catalog entity or one of its collections (prices, add-ons,
 * the tariff's modules), whichever service writes it: no edit path can forget to invalidate the snapshots.
 */
class CatalogChangeInterceptor implements Interceptor {

    private static final String CATALOG = CatalogChangeInterceptor.class.getPackageName();

    private final CatalogSnapshots snapshots;

    CatalogChangeInterceptor(CatalogSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public boolean onFlushDirty(Object entity, Object id, Object[] currentState, Object[] previousState,
            String[] propertyNames, Type[] types) {
        changed(entity);
        return false;
    }

    @Override
    public boolean onPersist(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
        changed(entity);
        return false;
    }

    @Override
    public void onRemove(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
        changed(entity);
    }

    @Override
    public void onCollectionRecreate(Object collection, Object key) {
        changedCollection(collection);
    }

    @Override
    public void onCollectionRemove(Object collection, Object key) {
        changedCollection(collection);
    }

    @Override
    public void onCollectionUpdate(Object collection, Object key) {
        changedCollection(collection);
    }

    private void changedCollection(Object collection) {
        if (collection instanceof PersistentCollection<?> persistent) {
            changed(persistent.getOwner());
        }
    }

    private void changed(Object entity) {
        if (entity != null && entity.getClass().getPackageName().equals(CATALOG)) {
            snapshots.catalogChanged();
        }
    }
}
