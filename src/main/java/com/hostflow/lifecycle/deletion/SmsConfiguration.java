package com.hostflow.lifecycle.deletion;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SmsSender, unless the application declares one of its own: the HTTP gateway when {@code hostflow.sms.http.url}
 * is set, otherwise the log (codes masked unless {@code hostflow.sms.log-text}).
 */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

    @Bean
    @ConditionalOnMissingBean(SmsSender.class)
    SmsSender smsSender(SmsSettings settings) {
        return settings.http().configured() ? new HttpSmsSender(settings.http())
                : new LoggingSmsSender(settings.logText());
    }
}
