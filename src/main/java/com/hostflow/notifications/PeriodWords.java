package com.hostflow.notifications;

import java.util.Map;

import org.springframework.stereotype.Component;

import com.hostflow.catalog.Period;

/**
 * A period's code ({@link Period}: {@code MONTH}) in a client's words: "1 month", "3 months" / "1 месяц", "3 месяца".
 * The one place that says it, for the mails (in the mail's language: {@code ${periods.words(renewal.period)}}, the
 * {@code periods} of each rendered file) and the client area's pages (English: {@code ${@periodWords.en(p)}}). A
 * language without words is English; a code without words (a period added later) is shown as it is.
 */
@Component("periodWords")
public class PeriodWords {

    private static final Map<String, Map<String, String>> WORDS = Map.of(
            "en", Map.of("TRIAL", "trial", "ONE_TIME", "one time", "DAY", "1 day", "MONTH", "1 month",
                    "QUARTER", "3 months", "HALF_YEAR", "6 months", "YEAR", "1 year"),
            "ru", Map.of("TRIAL", "пробный период", "ONE_TIME", "разово", "DAY", "1 день", "MONTH", "1 месяц",
                    "QUARTER", "3 месяца", "HALF_YEAR", "6 месяцев", "YEAR", "1 год"));

    /** The period's words in {@code language}; null for null. */
    public static String words(Object period, String language) {
        if (period == null) {
            return null;
        }
        String code = period instanceof Period known ? known.name() : period.toString();
        return WORDS.getOrDefault(language, WORDS.get(MailTemplates.DEFAULT_LANGUAGE)).getOrDefault(code, code);
    }

    /** The period's words in English, for the client area's pages. */
    public String en(Object period) {
        return words(period, MailTemplates.DEFAULT_LANGUAGE);
    }

    /** The words of one language: what a mail template calls {@code periods}. */
    public static In in(String language) {
        return new In(language);
    }

    /** A language's period words. */
    public record In(String language) {

        public String words(Object period) {
            return PeriodWords.words(period, language);
        }
    }
}
