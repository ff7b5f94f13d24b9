package com.hostflow.audit;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {

    @Query("""
            select a from AuditEntry a
            where (:entity is null or a.entity = :entity) and (:username is null or a.username = :username)
            order by a.at desc, a.id desc""")
    Page<AuditEntry> search(@Param("entity") String entity, @Param("username") String username, Pageable page);
}
