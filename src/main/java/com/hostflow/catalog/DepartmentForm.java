package com.hostflow.catalog;

import com.hostflow.common.web.VisibleText;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A department; {@code key} becomes the id of its Camunda group and cannot change later. The task times are ISO-8601
 * durations; left out, a new department gets the defaults and an existing one keeps what it has.
 */
public record DepartmentForm(
        @NotBlank @VisibleText @Size(max = 200) String name,
        @NotBlank @Size(max = 64)
        @Pattern(regexp = "[a-zA-Z0-9][a-zA-Z0-9_-]*", message = "letters, digits, '-' and '_' only") String key,
        @Schema(description = "how long after its creation a task of the department is due (ISO-8601 duration)",
                example = "PT4H", defaultValue = "PT4H")
        @Size(max = 32) String taskDueAfter,
        @Schema(description = "how long after its creation a task wants a look (its follow-up date); not later than"
                + " taskDueAfter", example = "PT1H", defaultValue = "PT1H")
        @Size(max = 32) String taskFollowUpAfter) {

    public DepartmentForm(String name, String key) {
        this(name, key, null, null);
    }
}
