package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
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
}
