package com.hostflow.modules.vmmanager6;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts of every call to a VMmanager 6. Short on purpose: a call that hangs is a technical failure that the
 * process retries, never a blocked job-executor thread. {@code lookupCacheTtl} is how long the ids of OS images,
 * clusters and presets are kept per module ({@link ModuleLookups}); zero asks VMmanager on every open.
 */
@ConfigurationProperties("hostflow.modules.vmmanager6")
public record VmManager6Properties(@DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout, @DefaultValue("5m") Duration lookupCacheTtl) {
}
