package com.hostflow.common.web;

import java.beans.PropertyEditorSupport;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * An id in a path or query parameter ({@code @PathVariable}, {@code @RequestParam} of type {@code Long}: every id,
 * and a version) of the API, the console and the client area is ASCII digits only, within Long's range. Spring reads
 * them with {@code NumberUtils.parseNumber}, which takes hex, a sign and blanks anywhere ({@code /services/0x10}
 * answered service 16, {@code /services/+1} service 1, {@code 1 0} read as 10), and {@code Long.parseLong} takes other
 * scripts' digits; any such value is now the 400 a non-number gets ({@code MethodArgumentTypeMismatchException}: the
 * API's problem naming the parameter, the pages' 400 page).
 *
 * <p>An editor, not a converter: a value the conversion service refuses is handed on to Spring's default number
 * editor, which reads hex again. Form objects (their binder has a target type) and JSON bodies keep their own
 * reading; the engine REST is Jersey's and keeps its own string ids. Page numbers and sizes ({@code int}) keep theirs:
 * a negative page is the API's "between 0 and …" and the console's first page.
 */
@ControllerAdvice
class StrictNumberParameters {

    @InitBinder
    void asciiDigitsOnly(WebDataBinder binder) {
        if (binder.getTarget() != null || binder.getTargetType() != null) {
            return;
        }
        binder.registerCustomEditor(Long.class, new AsciiDigits());
        binder.registerCustomEditor(long.class, new AsciiDigits());
    }

    static final class AsciiDigits extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                // as Spring's own editor: an empty parameter is a missing one
                setValue(null);
                return;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a number of the digits 0-9: " + text);
                }
            }
            // out of range: NumberFormatException, the same 400
            setValue(Long.valueOf(text));
        }

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value.toString();
        }
    }
}
