package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface ProviderRepository extends JpaRepository<Provider, Long> {

    List<Provider> findAllByOrderByIdAsc();

    List<Provider> findByName(String name);

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Provider p where p.id = :id")
    Optional<Provider> lockById(long id);

    /**
     * The row share-locked until the transaction ends ({@code select ... for share}), for a business calendar created
     * for the provider: a deletion of the provider waits for it and then sees the calendar (409), or the calendar
     * waits for the deletion and finds no provider (400); they used to cross and leave a calendar without a provider.
     */
    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select p from Provider p where p.id = :id")
    Optional<Provider> shareById(long id);

    /**
     * The row held {@code for share} until the transaction ends, without loading it: taken by the opening of an
     * account at the provider, so a change of the provider's currency and the opening take turns.
     */
    @Query(value = "select id from hostflow.provider where id = :id for share", nativeQuery = true)
    Optional<Long> holdForShare(long id);
}
