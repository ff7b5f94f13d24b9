package com.hostflow.lifecycle.moduleoperation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The timings of ModuleOperationProcess, read by its BPMN expressions as {@code ${moduleOperationSettings...}}
 * (bound from {@code hostflow.workflow.module-operation} by {@link com.hostflow.lifecycle.WorkflowConfiguration}
 * under that bean name).
 *
 * @param retryCycle    technical failures of a module call are retried with these waits, in Camunda's retry-cycle
 *                      syntax: {@code R3/PT30S} (three retries, 30 s apart) or a backoff list
 *                      {@code PT10S,PT1M,PT5M} (one retry per entry); then the ModuleFailurePolicy table decides
 * @param pollBackoff   waits before the first polls of a pending operation, short first so that a quick operation
 *                      is seen done quickly (e.g. {@code PT1S,PT2S,PT5S}); after them every {@code pollInterval}
 * @param pollInterval  wait between two later polls of a pending module operation
 * @param queueRecheck  a waiting queue turn comes with a message when a slot frees; this long timer only re-checks in
 *                      case the holder vanished without giving its slot back (its lease then expires)
 * @param retryLater    wait before the next round of attempts when the failure policy says RETRY_LATER or
 *                      RETRY_WHEN_ANSWERING (the latter ends earlier when the module answers again)
 * @param answerCheck   how often {@link ModuleAnswersAgain} checks the modules that RETRY_WHEN_ANSWERING operations
 *                      wait for
 * @param lookAtOnce    a call the module answers "pending" is polled once more at once by the same worker, still in
 *                      no transaction: an operation the module finishes within a request or two (a quick task, the
 *                      simulator) then ends without a poll timer and a second external task; one extra request to
 *                      the module when it does not
 */
public record ModuleOperationSettings(
        @DefaultValue("R3/PT30S") String retryCycle,
        @DefaultValue("PT1S,PT2S,PT5S") String pollBackoff,
        @DefaultValue("PT10S") Duration pollInterval,
        @DefaultValue("PT5M") Duration queueRecheck,
        @DefaultValue("PT1H") Duration retryLater,
        @DefaultValue("PT30S") Duration answerCheck,
        @DefaultValue("true") boolean lookAtOnce) {

    private static final Pattern REPEATED = Pattern.compile("R(\\d+)/(P\\S+)");

    public ModuleOperationSettings {
        retryDelays(retryCycle);
        retryDelays(pollBackoff);
    }

    /** ISO-8601 wait before the next poll of an operation that was polled {@code polls} times already. */
    public String pollDelay(Object polls) {
        int done = polls == null ? 0 : ((Number) polls).intValue();
        List<Duration> backoff = retryDelays(pollBackoff);
        return (done < backoff.size() ? backoff.get(done) : pollInterval).toString();
    }

    /** Whether a module call that failed {@code failures} times in a row gets another try. */
    public boolean retryLeft(int failures) {
        return failures <= retryDelays(retryCycle).size();
    }

    /** ISO-8601 wait before the retry that follows the {@code failures}-th failure in a row. */
    public String retryDelay(int failures) {
        List<Duration> delays = retryDelays(retryCycle);
        return delays.get(Math.min(Math.max(failures, 1), delays.size()) - 1).toString();
    }

    public String getQueueRecheck() {
        return queueRecheck.toString();
    }

    public String getRetryLaterDelay() {
        return retryLater.toString();
    }

    static List<Duration> retryDelays(String cycle) {
        if (cycle == null || cycle.isBlank()) {
            throw new IllegalArgumentException("retry cycle must not be empty");
        }
        Matcher repeated = REPEATED.matcher(cycle.trim());
        if (repeated.matches()) {
            int times = Integer.parseInt(repeated.group(1));
            return java.util.Collections.nCopies(times, Duration.parse(repeated.group(2)));
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : cycle.split(",")) {
            delays.add(Duration.parse(part.trim()));
        }
        return List.copyOf(delays);
    }
}
