package com.hostflow.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.InvalidInputException;

import jakarta.validation.Validator;

/**
 * At start-up, creates the department each {@link SettingDepartments setting} names when there is none (named after
 * its key, {@code support} → "Support"), so their tasks never go to a candidate group nobody can be in. A key no
 * department can have (a role's group, a Camunda group that is no department, not a valid key) stops the start,
 * naming the setting. Safe on several nodes at once: the one that loses the race for the key finds it made.
 */
@Component
@Order(4)
public class SettingDepartmentSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SettingDepartmentSetup.class);

    private final SettingDepartments settings;
    private final DepartmentRepository departments;
    private final DepartmentService service;
    private final Validator validator;

    public SettingDepartmentSetup(SettingDepartments settings, DepartmentRepository departments,
            DepartmentService service, Validator validator) {
        this.settings = settings;
        this.departments = departments;
        this.service = service;
        this.validator = validator;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Map.Entry<String, String> setting : settings.keyBySetting().entrySet()) {
            ensure(setting.getKey(), setting.getValue());
        }
    }

    private void ensure(String setting, String key) {
        if (departments.existsByKey(key)) {
            return;
        }
        DepartmentForm form = new DepartmentForm(nameOf(key), key);
        List<String> invalid = validator.validate(form).stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage()).sorted().toList();
        if (!invalid.isEmpty()) {
            throw refused(setting, key, String.join(", ", invalid));
        }
        try {
            service.create(form);
            log.info("created department '{}' that {} names", key, setting);
        } catch (DataIntegrityViolationException | ConflictException | InvalidInputException e) {
            if (!departments.existsByKey(key)) { // another node made it meanwhile: fine; otherwise it cannot be one
                throw refused(setting, key, e.getMessage());
            }
        }
    }

    private static IllegalStateException refused(String setting, String key, String why) {
        return new IllegalStateException(setting + " names department '" + key + "', which does not exist and cannot"
                + " be created (" + why + "): create it, or name another department");
    }

    private static String nameOf(String key) {
        return key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
    }
}
