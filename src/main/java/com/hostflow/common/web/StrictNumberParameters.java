package com.hostflow.common.web;

import java.beans.PropertyEditorSupport;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in request parameters and form fields of the API, the console and the client area are read as
 * {@link StrictNumbers} spells them. Spring reads them with {@code NumberUtils.parseNumber}, which takes hex, a sign
 * and blanks anywhere ({@code /services/0x10} answered service 16, {@code /services/+1} service 1, {@code 1 0} read as
 * 10, {@code ?page=0x10} page 16, a console form's {@code dataCenterId=0x10} data center 16), and
 * {@code Long.parseLong} takes other scripts' digits; any such value is now the 400 a non-number gets
 * ({@code MethodArgumentTypeMismatchException}: the API's problem naming the parameter, the pages' 400 page; in a
 * form object the field's "must be a number of the digits 0-9" beside it).
 *
 * <ul>
 * <li>an id ({@code Long} {@code @PathVariable} / {@code @RequestParam}; also a version): ASCII digits only, within
 * Long's range;</li>
 * <li>a page number or size ({@code int} parameters) and a form object's numbers: an optional minus and digits, so
 * that a negative value still gets its field's own answer ("must be between 0 and …", the console's first page,
 * "must be greater than or equal to 0");</li>
 * <li>a form object's {@code BigDecimal}: plain decimal notation.</li>
 * </ul>
 *
 * <p>An editor, not a converter: a value the conversion service refuses is handed on to Spring's default number
 * editor, which reads hex again. JSON bodies are read by Jackson ({@link StrictJsonConfiguration}); the engine REST is
 * Jersey's and keeps its own string ids.
 */
@ControllerAdvice
class StrictNumberParameters {

    @InitBinder
    void asciiDigitsOnly(WebDataBinder binder) {
        boolean formObject = binder.getTarget() != null || binder.getTargetType() != null;
        Predicate<String> whole = StrictNumbers::isWholeNumber;
        Predicate<String> id = formObject ? whole : StrictNumbers::isDigits;
        register(binder, Long.class, id, Long::valueOf, true, formObject);
        register(binder, long.class, id, Long::valueOf, false, formObject);
        register(binder, Integer.class, whole, Integer::valueOf, true, formObject);
        register(binder, int.class, whole, Integer::valueOf, false, formObject);
        register(binder, BigDecimal.class, StrictNumbers::isPlainDecimal, BigDecimal::new, true, formObject);
    }

    private static void register(WebDataBinder binder, Class<?> type, Predicate<String> spelling,
            Function<String, Object> read, boolean allowEmpty, boolean formObject) {
        binder.registerCustomEditor(type, new Strict(spelling, read, allowEmpty, formObject));
    }

    static final class Strict extends PropertyEditorSupport {

        private final Predicate<String> spelling;
        private final Function<String, Object> read;
        private final boolean allowEmpty;
        private final boolean blankIsEmpty;

        Strict(Predicate<String> spelling, Function<String, Object> read, boolean allowEmpty, boolean blankIsEmpty) {
            this.spelling = spelling;
            this.read = read;
            this.allowEmpty = allowEmpty;
            this.blankIsEmpty = blankIsEmpty;
        }

        @Override
        public void setAsText(String text) {
            boolean empty = text == null || text.isEmpty() || (blankIsEmpty && text.isBlank());
            if (empty && allowEmpty) {
                // as Spring's own editor: an empty parameter is a missing one, and so is a form's field left blank
                setValue(null);
                return;
            }
            if (!spelling.test(text)) {
                throw new IllegalArgumentException("not a number of the digits 0-9: " + text);
            }
            // out of range: NumberFormatException, the same 400
            setValue(read.apply(text));
        }

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        }
    }
}
