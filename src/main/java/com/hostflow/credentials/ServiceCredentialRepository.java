package com.hostflow.credentials;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ServiceCredentialRepository extends JpaRepository<ServiceCredential, Long> {

    /** The client's other services on the same panel with the same login: where an existing account's password is. */
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
