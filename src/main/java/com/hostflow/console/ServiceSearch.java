package com.hostflow.console;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceStatus;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/**
 * The console's service search by client, status and tariff, for admins and staff (who see every service; the
 * security chain keeps clients out of the console), newest first with a total for the page links (the API's list
 * answers oldest first).
 */
@Component
class ServiceSearch {

    static final int PAGE_SIZE = 50;

    private final EntityManager entityManager;

    ServiceSearch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    record Result(List<ServiceInstance> services, long total, int page, int pages) {
    }

    @Transactional(readOnly = true)
    Result search(Long clientId, ServiceStatus status, Long tariffId, int page) {
        String where = " where (:clientId is null or s.clientId = :clientId)"
                + " and (:status is null or s.status = :status)"
                + " and (:tariffId is null or s.tariffId = :tariffId)";
        TypedQuery<ServiceInstance> query = entityManager.createQuery(
                "select s from ServiceInstance s" + where + " order by s.id desc", ServiceInstance.class);
        TypedQuery<Long> count = entityManager.createQuery(
                "select count(s) from ServiceInstance s" + where, Long.class);
        for (TypedQuery<?> q : List.of(query, count)) {
            q.setParameter("clientId", clientId);
            q.setParameter("status", status);
            q.setParameter("tariffId", tariffId);
        }
        long total = count.getSingleResult();
        int number = PageSupport.pageNumber(page);
        List<ServiceInstance> services = query.setFirstResult(number * PAGE_SIZE)
                .setMaxResults(PAGE_SIZE).getResultList();
        return new Result(services, total, number, (int) ((total + PAGE_SIZE - 1) / PAGE_SIZE));
    }
}
