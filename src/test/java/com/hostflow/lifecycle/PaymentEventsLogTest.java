package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;

import com.hostflow.support.IntegrationTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A payment's delivery that lost to a concurrent change (another payment of the client delivered at the same moment)
 * is tried again by the sweeper: normal under load, so no WARN for it (helper-44 saw one per lost race); a delivery
 * that failed for another reason still warns.
 */
@IntegrationTest
class PaymentEventsLogTest {

    @Autowired
    PaymentEvents paymentEvents;

    @Test
    void aDeliveryThatLostToAConcurrentChangeLogsNoWarning() {
        List<ILoggingEvent> lost = logged(() -> paymentEvents.failed(-1L,
                new ConcurrencyFailureException("row was updated or deleted by another transaction")));
        List<ILoggingEvent> broken = logged(() -> paymentEvents.failed(-2L,
                new IllegalStateException("a broken delegate")));

        assertThat(lost).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO);
        assertThat(broken).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
    }

    private static List<ILoggingEvent> logged(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(PaymentEvents.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list;
    }
}
