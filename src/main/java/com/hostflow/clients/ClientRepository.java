package com.hostflow.clients;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ClientRepository extends JpaRepository<Client, Long> {

    Optional<Client> findByLogin(String login);

    Optional<Client> findByEmailIgnoreCase(String email);
}
