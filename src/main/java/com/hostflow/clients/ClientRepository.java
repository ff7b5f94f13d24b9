package com.hostflow.clients;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

interface ClientRepository extends JpaRepository<Client, Long> {

    @Query("select c from Client c where c.login = :login")
    Optional<Client> findByLogin(@Param("login") String login);

    Optional<Client> findByEmailIgnoreCase(String email);

    /** For a change: the row stays locked until the transaction ends, so changes of one client take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Client c where c.id = :id")
    Optional<Client> lockById(@Param("id") long id);
}
