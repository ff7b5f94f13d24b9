package com.hostflow.lifecycle.deletion;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface DeletionCodeRepository extends JpaRepository<DeletionCode, Long> {

    /** Takes back the code issued with this expiry (one never texted); a newer code of the service stays. */
    @Transactional
    @Modifying
    @Query("delete from DeletionCode c where c.serviceId = :serviceId and c.expiresAt = :expiresAt")
    int deleteIssued(long serviceId, Instant expiresAt);

    /** Every code valid past {@code latest} expires then instead; answers how many. */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = "update hostflow.deletion_code set expires_at = :latest"
            + " where expires_at > :latest")
    int expireBy(Instant latest);
}
