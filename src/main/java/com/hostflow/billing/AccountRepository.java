package com.hostflow.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

interface AccountRepository extends JpaRepository<Account, Long> {

    @Query("select a from Account a where a.clientId = :clientId and a.providerId = :providerId")
    Optional<Account> findByClientIdAndProviderId(@Param("clientId") long clientId,
            @Param("providerId") long providerId);

    /**
     * The account read and locked in one {@code SELECT ... FOR NO KEY UPDATE}. Only for a transaction that holds no
     * account yet: a copy it held would be answered as it was, not as last committed.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Account a where a.clientId = :clientId and a.providerId = :providerId")
    Optional<Account> lockByClientIdAndProviderId(@Param("clientId") long clientId,
            @Param("providerId") long providerId);

    List<Account> findByClientIdOrderById(long clientId);

    /** The id alone, so that finding an account does not load it before {@link AccountLedger} locks it. */
    @Query("select a.id from Account a where a.clientId = :clientId and a.providerId = :providerId")
    Optional<Long> findIdByClientIdAndProviderId(@Param("clientId") long clientId,
            @Param("providerId") long providerId);

    /**
     * Opens the account unless it exists: a second transaction opening it at the same moment waits for the first
     * and then inserts nothing, where a plain insert met the unique key (409 for a payment that was never credited).
     */
    @Modifying(flushAutomatically = true)
    @Query(value = "insert into hostflow.account (client_id, provider_id, currency, balance, created_at)"
            + " values (:clientId, :providerId, :currency, 0, :createdAt)"
            + " on conflict (client_id, provider_id) do nothing", nativeQuery = true)
    int openIfMissing(@Param("clientId") long clientId, @Param("providerId") long providerId,
            @Param("currency") String currency, @Param("createdAt") Instant createdAt);
}
