package com.hostflow.services;

import org.springframework.data.jpa.repository.JpaRepository;

interface DeletionCodeRepository extends JpaRepository<DeletionCode, Long> {
}
