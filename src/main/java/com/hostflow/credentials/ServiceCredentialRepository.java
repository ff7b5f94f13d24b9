package com.hostflow.credentials;

import java.util.List;

import org.hibernate.jpa.HibernateHints;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.QueryHint;

interface ServiceCredentialRepository extends JpaRepository<ServiceCredential, Long> {

    /**
     * The client's other services on the same panel with the same login: where an existing account's password is. It
     * reads other services' rows only, so the caller's changes to its own row are not flushed first (which would
     * write that row twice in one transaction).
     */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_FLUSH_MODE, value = "COMMIT"))
    @Query("""
            select c from ServiceCredential c
            where c.clientId = :clientId and c.serviceId <> :serviceId and c.login = :login
              and c.panelUrl = :panelUrl and c.passwordEncrypted is not null
            order by c.updatedAt desc
            """)
    List<ServiceCredential> siblingsWithPassword(@Param("clientId") long clientId,
            @Param("serviceId") long serviceId, @Param("login") String login, @Param("panelUrl") String panelUrl,
            Pageable first);

    /** One batch of a key rotation, in id order. */
    @Query("select c from ServiceCredential c where c.serviceId > :afterId order by c.serviceId")
    List<ServiceCredential> batchAfter(@Param("afterId") long afterId, Pageable batch);
}
