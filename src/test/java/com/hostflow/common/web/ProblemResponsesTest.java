package com.hostflow.common.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request that lost to a concurrent transaction was rolled back whole: the client is told to send it again (409),
 * never given a 500. Spring MVC's own dispatch picks the handler, as it does for every controller of the API.
 */
class ProblemResponsesTest {

    @RestController
    static class LosingController {

        @GetMapping("/stale")
        void stale() {
            throw new ObjectOptimisticLockingFailureException("ServiceInstance", 1L);
        }

        @GetMapping("/deadlock")
        void deadlock() {
            // what Spring makes of PostgreSQL's 40P01 deadlock_detected
            throw new CannotAcquireLockException("ERROR: deadlock detected");
        }

        @GetMapping("/lock-timeout")
        void lockTimeout() {
            throw new PessimisticLockingFailureException("ERROR: canceling statement due to lock timeout");
        }

        @GetMapping("/engine-stale")
        void engineStale() {
            // what Camunda throws when two requests update the same user or authorization
            throw new OptimisticLockingException("ENGINE-03005 Execution of 'UPDATE UserEntity[fzuser]' failed");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new LosingController())
            .setControllerAdvice(new ProblemResponses()).build();

    @Test
    void aRequestThatLostToAConcurrentTransactionIsAConflictToRetry() throws Exception {
        for (String path : new String[] {"/stale", "/deadlock", "/lock-timeout", "/engine-stale"}) {
            mvc.perform(get(path)).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value("the resource was changed concurrently, retry"));
        }
    }
}
