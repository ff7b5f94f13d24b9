package com.hostflow.clients;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ClientRepository extends JpaRepository<Client, Long> {

    @Query("select c from Client c where c.login = :login")
    Optional<Client> findByLogin(@Param("login") String login);

    Optional<Client> findByEmailIgnoreCase(String email);
}
