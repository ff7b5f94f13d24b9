package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.stream.IntStream;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
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

        @GetMapping("/engine-deadlock")
        void engineDeadlock() {
            // what Camunda throws when PostgreSQL picks its statement as a deadlock's victim (third race probe:
            // DELETE /users/x while PUT /users/x changed the user's memberships)
            throw new ProcessEnginePersistenceException("An exception occurred in the persistence layer.",
                    new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation"
                            + " 'DELETE UserEntity[x]'", new PSQLException("ERROR: deadlock detected",
                                    PSQLState.DEADLOCK_DETECTED)));
        }

        @GetMapping("/engine-broken")
        void engineBroken() {
            throw new ProcessEnginePersistenceException("An exception occurred in the persistence layer.",
                    new PSQLException("ERROR: relation does not exist", PSQLState.UNDEFINED_TABLE));
        }

        @GetMapping("/no-connection")
        void noConnection() {
            // what Spring makes of Hikari's timeout when every connection of the pool stayed busy
            throw new org.springframework.transaction.CannotCreateTransactionException("Could not open JPA"
                    + " EntityManager for transaction", new java.sql.SQLTransientConnectionException(
                            "HikariPool-1 - Connection is not available, request timed out after 30000ms."));
        }

        @GetMapping("/engine-no-connection")
        void engineNoConnection() {
            throw new ProcessEnginePersistenceException("An exception occurred in the persistence layer.",
                    new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        }

        @GetMapping("/numeric-overflow")
        void numericOverflow() {
            throw new DataIntegrityViolationException("could not execute statement", new PSQLException(
                    "ERROR: numeric field overflow", PSQLState.NUMERIC_VALUE_OUT_OF_RANGE));
        }

        @GetMapping("/too-long")
        void tooLong() {
            throw new DataIntegrityViolationException("could not execute statement", new PSQLException(
                    "ERROR: value too long for type character varying(255)", PSQLState.STRING_DATA_RIGHT_TRUNCATION));
        }

        @GetMapping("/date-overflow")
        void dateOverflow() {
            throw new DataIntegrityViolationException("could not execute statement", new PSQLException(
                    "ERROR: date out of range: \"169087565-03-15 +00\"", PSQLState.DATETIME_OVERFLOW));
        }

        @GetMapping("/duplicate")
        void duplicate() {
            throw new DataIntegrityViolationException("could not execute statement", new PSQLException(
                    "ERROR: duplicate key value violates unique constraint", PSQLState.UNIQUE_VIOLATION));
        }

        @GetMapping("/many-problems")
        void manyProblems() {
            FieldProblems problems = new FieldProblems();
            IntStream.range(0, 100_000).forEach(i -> problems.add("addons.r" + i, "the tariff has no add-on r" + i));
            problems.throwIfAny();
        }

        @GetMapping("/long-key")
        void longKey() {
            String key = "k".repeat(100_000);
            throw new InvalidInputException("addons." + key, "the tariff has no add-on " + key);
        }

        @GetMapping("/period")
        void period(@RequestParam Period period) {
        }
    }

    enum Period {
        MONTH, YEAR
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new LosingController())
            .setControllerAdvice(new ProblemResponses(java.util.List.of())).build();

    @Test
    void aRequestThatLostToAConcurrentTransactionIsAConflictToRetry() throws Exception {
        for (String path : new String[] {"/stale", "/deadlock", "/lock-timeout", "/engine-stale", "/engine-deadlock"}) {
            mvc.perform(get(path)).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value("the resource was changed concurrently, retry"));
        }
    }

    /** Helper-44's probe: 40 requests at once held the pool for its 30 s timeout, and the others were answered 500. */
    @Test
    void noConnectionWithinThePoolsTimeoutIsServiceUnavailableToRetry() throws Exception {
        for (String path : new String[] {"/no-connection", "/engine-no-connection"}) {
            mvc.perform(get(path)).andExpect(status().isServiceUnavailable())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                            .string("Retry-After", "5"))
                    .andExpect(jsonPath("$.detail").value(containsString("the database is busy")));
        }
    }

    @Test
    void anEngineDatabaseErrorThatIsNoLostRaceStaysAnInternalError() throws Exception {
        mvc.perform(get("/engine-broken")).andExpect(status().isInternalServerError());
    }

    @Test
    void aNumericOverflowIsAnInvalidRequestNotAConflict() throws Exception {
        mvc.perform(get("/numeric-overflow")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("out of range")));
        mvc.perform(get("/too-long")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("longer than can be stored")));
        // a day PostgreSQL cannot hold (a year Java reads up to 999999999) was "conflicts with existing data"
        mvc.perform(get("/date-overflow")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("a date is out of range")));
        mvc.perform(get("/duplicate")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("conflicts with existing data")));
    }

    @Test
    void aProblemListsTheFirstFieldProblemsAndCountsTheRest() throws Exception {
        MvcResult result = mvc.perform(get("/many-problems")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(ProblemText.MAX_LISTED))
                .andExpect(jsonPath("$.errors[0].field").value("addons.r0"))
                .andExpect(jsonPath("$.detail").value(endsWith("; and 99980 more problems")))
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).hasSizeLessThan(5_000);
    }

    @Test
    void echoedInputIsShortened() throws Exception {
        MvcResult result = mvc.perform(get("/long-key")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(endsWith("…")))
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).hasSizeLessThan(5_000);

        mvc.perform(get("/period").param("period", "X".repeat(100_000))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("period"))
                .andExpect(jsonPath("$.errors[0].message").value("invalid value '" + "X".repeat(100) + "…'"
                        + ", expected one of " + java.util.Arrays.toString(Period.values())));
    }

    @Test
    void aRepeatedQueryParameterIsNamedWithItsValues() throws Exception {
        mvc.perform(get("/period").param("period", "abc", "MONTH")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("period"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("given more than once ('abc', 'MONTH'); send it once"));
    }
}
