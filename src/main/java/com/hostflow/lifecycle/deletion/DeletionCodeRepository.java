package com.hostflow.lifecycle.deletion;

import org.springframework.data.jpa.repository.JpaRepository;

interface DeletionCodeRepository extends JpaRepository<DeletionCode, Long> {
}
