package com.hostflow.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The departments that settings name: the department of a module without one
 * ({@value #FALLBACK_DEPARTMENT}) and the one told of a client that could not be notified
 * ({@value #FAILURE_DEPARTMENT}). Their tasks go to that key's candidate group, so the department must exist as long
 * as a setting names it: start-up creates a missing one ({@link SettingDepartmentSetup}) and deleting one is 409.
 */
@Component
public class SettingDepartments {

    public static final String FALLBACK_DEPARTMENT = "hostflow.services.fallback-department";
    public static final String FAILURE_DEPARTMENT = "hostflow.notifications.failure-department";

    private final Map<String, String> keyBySetting = new LinkedHashMap<>();

    public SettingDepartments(@Value("${" + FALLBACK_DEPARTMENT + ":support}") String fallbackDepartment,
            @Value("${" + FAILURE_DEPARTMENT + ":${" + FALLBACK_DEPARTMENT + ":support}}") String failureDepartment) {
        keyBySetting.put(FALLBACK_DEPARTMENT, fallbackDepartment.trim());
        keyBySetting.put(FAILURE_DEPARTMENT, failureDepartment.trim());
    }

    /** Setting name → department key, in a fixed order. */
    public Map<String, String> keyBySetting() {
        return Collections.unmodifiableMap(keyBySetting);
    }

    /** The settings that name this department key (none: an empty list). */
    public List<String> settingsNaming(String key) {
        return keyBySetting.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).toList();
    }
}
