package com.hostflow.common.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A name people read (of a catalog entry, a client, a staff user): at least one visible character, a letter, digit,
 * punctuation mark or symbol. Names of only invisible characters (U+202E U+FEFF, U+200B, a no-break space) were
 * taken and showed as an empty cell. {@code null} is left to {@code @NotNull}; so is a blank value ("" or spaces)
 * of a required field, which its {@code @NotBlank} names already; an {@code optional} field is left out, empty, or
 * holds a visible character (spaces alone are refused). Text-direction overrides and isolates are refused: beside an
 * e-mail address on a page ("name &lt;email&gt;") they turned the address around. A name is one line: line breaks and
 * control characters are refused (a CR/LF in a client's name reached the To header of its mails).
 */
@Constraint(validatedBy = VisibleText.Check.class)
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface VisibleText {

    String message() default "must contain a visible character";

    /** true where no {@code @NotBlank} stands beside it: then "" and spaces are refused here */
    boolean optional() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<VisibleText, String> {

        /** letters and symbols by their category that fonts draw as nothing (Hangul fillers, the blank braille cell) */
        private static final String BLANK_LOOKING = "\u115f\u1160\u3164\uffa0\u2800";

        private boolean optional;

        @Override
        public void initialize(VisibleText annotation) {
            optional = annotation.optional();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value != null && value.codePoints().anyMatch(Check::turnsTextAround)) {
                // "Anna \u202Emoc.elpmaxe@..." shows an address reversed beside it on every page that lists it
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must not contain text-direction overrides or isolates"
                        + " (U+202A to U+202E, U+2066 to U+2069)").addConstraintViolation();
                return false;
            }
            if (value != null && value.codePoints().anyMatch(Check::breaksLine)) {
                // a name is one line: a CR or LF in a client's name went into the To header of its mails
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must be one line: no line breaks or control characters"
                        + " (CR, LF, tab, U+0085, U+2028, U+2029)").addConstraintViolation();
                return false;
            }
            // an optional field sent empty (a form's field left empty) is as good as left out
            return value == null || (optional ? value.isEmpty() : value.isBlank()) || hasVisible(value);
        }

        /** Control characters (CR, LF, tab, NEL U+0085, …) and the Unicode line and paragraph separators. */
        public static boolean breaksLine(int c) {
            return Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029;
        }

        /** The bidirectional embeddings, overrides and isolates; the plain marks (U+200E, U+200F) are fine. */
        private static boolean turnsTextAround(int c) {
            return c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
        }

        /** Whether the text holds a character that shows: not a space, control, format or unassigned character. */
        public static boolean hasVisible(String text) {
            return text.codePoints().anyMatch(Check::visible);
        }

        private static boolean visible(int c) {
            if (BLANK_LOOKING.indexOf(c) >= 0) {
                return false;
            }
            return switch (Character.getType(c)) {
                case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                        Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                        Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                        Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                        Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                        Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
                default -> false;
            };
        }
    }
}
