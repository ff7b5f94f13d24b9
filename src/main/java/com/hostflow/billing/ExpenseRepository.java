package com.hostflow.billing;

import java.time.LocalDate;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ExpenseRepository extends JpaRepository<Expense, Long> {

    void deleteByChargeId(long chargeId);

    /** Expenses of a client that overlap {@code [from, to)} (one-time ones: that start in it), oldest first. */
    @Query("""
            select e from Expense e
            where e.clientId = :clientId
              and e.dateFrom < :to
              and (e.dateTo > :from or (e.dateTo is null and e.dateFrom >= :from))
            order by e.dateFrom, e.id""")
    List<Expense> findForClient(@Param("clientId") long clientId, @Param("from") LocalDate from,
            @Param("to") LocalDate to, Pageable page);

    /** Expenses of a client starting in {@code [from, to)}, newest first. */
    @Query("""
            select e from Expense e
            where e.clientId = :clientId and e.dateFrom >= :from and e.dateFrom < :to
            order by e.dateFrom desc, e.id desc""")
    List<Expense> findNewestStartingIn(@Param("clientId") long clientId, @Param("from") LocalDate from,
            @Param("to") LocalDate to, Pageable page);

    @Query("""
            select e from Expense e
            where e.clientId = :clientId and e.serviceId = :serviceId
              and e.dateFrom < :to
              and (e.dateTo > :from or (e.dateTo is null and e.dateFrom >= :from))
            order by e.dateFrom, e.id""")
    List<Expense> findForClientAndService(@Param("clientId") long clientId, @Param("serviceId") long serviceId,
            @Param("from") LocalDate from, @Param("to") LocalDate to, Pageable page);
}
