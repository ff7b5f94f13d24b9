package com.hostflow.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * The mail templates: Thymeleaf files per language, {@code <lang>/<name>.subject.txt} (TEXT), {@code <lang>/<name>.txt}
 * (TEXT) and optionally {@code <lang>/<name>.html} (HTML). Built-in ones live on the classpath under
 * {@code notifications/templates/}; a file of the same name in {@code hostflow.notifications.template-dir} replaces
 * one, a new name there adds a template. The operator's folder is read afresh on every mail, so an edit needs no
 * restart. A language without its own file falls back to English.
 */
@Component
public class MailTemplates {

    public static final String DEFAULT_LANGUAGE = "en";
    static final String CLASSPATH_FOLDER = "notifications/templates/";
    /** Template names are file names: lower-case words with dashes (no path can be smuggled in). */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    private static final Logger log = LoggerFactory.getLogger(MailTemplates.class);
    /** line breaks and control characters, with the blanks around them: one space in a subject */
    private static final Pattern LINE_BREAKS = Pattern.compile("[ \\t]*[\\p{Cntrl}\\u0085\\u2028\\u2029]+[ \\t]*");
    private static final String SUBJECT = ".subject.txt";
    private static final String TEXT = ".txt";
    private static final String HTML = ".html";
    /** what a template calls a period's words by: {@code ${periods.words(params.period)}} ({@link PeriodWords}) */
    static final String PERIODS = "periods";

    /** A parameter a template file uses: {@code params.amount}. */
    private static final Pattern PARAMETER = Pattern.compile("\\bparams\\.([A-Za-z_][A-Za-z0-9_]*)");
    /** A parameter the file tests before it uses it ({@code params.comment != null}, {@code params.x ?: '-'}). */
    private static final Pattern TESTED_PARAMETER = Pattern.compile(
            "\\bparams\\.([A-Za-z_][A-Za-z0-9_]*)\\s*(?:[!=]=\\s*null|\\?:)");

    /** An expression that reads the service's facts, its latest order or its credentials: {@code ${service.id}}. */
    private static final Pattern SERVICE_FACT = Pattern.compile(
            "\\$\\{[^}]*\\b(?:service|order|credentials)\\.[A-Za-z]");

    private final Path overrideDir;
    // the built-in files never change while the application runs (the override folder may, so it is looked at each time)
    private final Map<String, Boolean> onClasspath = new ConcurrentHashMap<>();
    private final TemplateEngine classpathEngine;
    private final TemplateEngine overrideEngine;

    MailTemplates(NotificationSettings settings) {
        this.overrideDir = settings.templateDir() == null || settings.templateDir().isBlank() ? null
                : Path.of(settings.templateDir()).toAbsolutePath().normalize();
        this.classpathEngine = engine(new ClassLoaderTemplateResolver(), CLASSPATH_FOLDER, true);
        this.overrideEngine = overrideDir == null ? null
                : engine(new FileTemplateResolver(), overrideDir.toString() + "/", false);
        if (overrideDir != null) {
            log.info("mail templates: {} replace or add to the built-in ones", overrideDir);
        }
    }

    /** One mail, ready to send. {@code html} is null when the template has no HTML part. */
    public record RenderedMail(String subject, String text, String html) {
    }

    /** Every template name there is, built in or the operator's (a template needs an English subject and text). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:" + CLASSPATH_FOLDER + DEFAULT_LANGUAGE + "/*" + SUBJECT)) {
                names.add(resource.getFilename().substring(0, resource.getFilename().length() - SUBJECT.length()));
            }
            Path english = overrideDir == null ? null : overrideDir.resolve(DEFAULT_LANGUAGE);
            if (english != null && Files.isDirectory(english)) {
                try (Stream<Path> files = Files.list(english)) {
                    files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUBJECT))
                            .forEach(f -> names.add(f.substring(0, f.length() - SUBJECT.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the mail templates", e);
        }
        names.removeIf(name -> !NAME.matcher(name).matches() || !hasFile(DEFAULT_LANGUAGE, name, TEXT));
        return names;
    }

    /** The languages a template has its own text in. */
    public Set<String> languages(String name) {
        Set<String> languages = new TreeSet<>();
        for (String language : new TreeSet<>(com.hostflow.clients.ClientService.LANGUAGES)) {
            if (hasFile(language, name, TEXT)) {
                languages.add(language);
            }
        }
        return languages;
    }

    /**
     * What a manual notification of a template must carry: the {@code parameters} a file of it (any language, any
     * part) uses without testing for null first, and a service when a file shows a service, its order or its
     * credentials. Without them the file renders a blank where the value belongs, or fails.
     */
    public record Needs(Set<String> parameters, boolean service) {
    }

    public Needs needs(String name) {
        Set<String> required = new TreeSet<>();
        boolean service = false;
        if (!exists(name)) {
            return new Needs(required, false);
        }
        Set<String> languages = new TreeSet<>(com.hostflow.clients.ClientService.LANGUAGES);
        languages.add(DEFAULT_LANGUAGE);
        for (String language : languages) {
            for (String suffix : List.of(SUBJECT, TEXT, HTML)) {
                String source = source(language, name, suffix);
                if (source == null) {
                    continue;
                }
                service |= SERVICE_FACT.matcher(source).find();
                Set<String> tested = new TreeSet<>();
                TESTED_PARAMETER.matcher(source).results().forEach(m -> tested.add(m.group(1)));
                Matcher used = PARAMETER.matcher(source);
                while (used.find()) {
                    if (!tested.contains(used.group(1))) {
                        required.add(used.group(1));
                    }
                }
            }
        }
        return new Needs(required, service);
    }

    /** The text of the file in force (the operator's, else the built-in one), or null when there is none. */
    private String source(String language, String name, String suffix) {
        try {
            if (overrideFile(language, name, suffix)) {
                return Files.readString(overrideDir.resolve(language).resolve(name + suffix));
            }
            try (InputStream in = getClass().getClassLoader()
                    .getResourceAsStream(CLASSPATH_FOLDER + language + "/" + name + suffix)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mail template " + language + "/" + name + suffix, e);
        }
    }

    public boolean exists(String name) {
        return name != null && NAME.matcher(name).matches() && hasFile(DEFAULT_LANGUAGE, name, SUBJECT)
                && hasFile(DEFAULT_LANGUAGE, name, TEXT);
    }

    /**
     * Renders a template in the client's language (English when that language has no file).
     *
     * @throws TemplateProblem when the template does not exist or a file does not render
     */
    public RenderedMail render(String name, String language, Map<String, Object> model) {
        Context context = context(name, model);
        String subject = subject(name, language, context);
        String text = renderPart(name, language, TEXT, context);
        String html = hasFile(language, name, HTML) || hasFile(DEFAULT_LANGUAGE, name, HTML)
                ? renderPart(name, language, HTML, context) : null;
        return new RenderedMail(subject, text, html);
    }

    /**
     * Only the subject of {@link #render}: what the outbox row shows before the mail is sent, without rendering the
     * bodies in the transaction that queues it.
     *
     * @throws TemplateProblem when the template does not exist or the subject does not render
     */
    public String renderSubject(String name, String language, Map<String, Object> model) {
        return subject(name, language, context(name, model));
    }

    private Context context(String name, Map<String, Object> model) {
        if (!exists(name)) {
            throw new TemplateProblem("unknown notification template '" + name + "'; known: " + names());
        }
        Context context = new Context();
        context.setVariables(model);
        return context;
    }

    private String subject(String name, String language, Context context) {
        // one line: a U+2028 or U+0085 in a value (an admin's params.amount) went into the subject as it was
        return LINE_BREAKS.matcher(renderPart(name, language, SUBJECT, context).strip()).replaceAll(" ");
    }

    private String renderPart(String name, String language, String suffix, Context context) {
        String lang = hasFile(language, name, suffix) ? language : DEFAULT_LANGUAGE;
        String file = lang + "/" + name + suffix;
        TemplateEngine engine = overrideFile(lang, name, suffix) ? overrideEngine : classpathEngine;
        // a period in the words of the file's language: ${periods.words(renewal.period)}
        context.setVariable(PERIODS, PeriodWords.in(lang));
        try {
            return engine.process(file, context);
        } catch (TemplateEngineException e) {
            throw new TemplateProblem("the mail template " + file + " does not render: " + e.getMessage(), e);
        }
    }

    private boolean hasFile(String language, String name, String suffix) {
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            return false;
        }
        return overrideFile(language, name, suffix) || onClasspath.computeIfAbsent(language + "/" + name + suffix,
                file -> getClass().getClassLoader().getResource(CLASSPATH_FOLDER + file) != null);
    }

    private boolean overrideFile(String language, String name, String suffix) {
        return overrideDir != null && Files.isRegularFile(overrideDir.resolve(language).resolve(name + suffix));
    }

    private static TemplateEngine engine(AbstractConfigurableTemplateResolver base, String prefix, boolean cached) {
        TemplateEngine engine = new TemplateEngine();
        engine.addTemplateResolver(resolver(base, prefix, cached, TemplateMode.HTML, "*" + HTML, 1));
        engine.addTemplateResolver(resolver(base instanceof FileTemplateResolver ? new FileTemplateResolver()
                : new ClassLoaderTemplateResolver(), prefix, cached, TemplateMode.TEXT, "*" + TEXT, 2));
        return engine;
    }

    private static AbstractConfigurableTemplateResolver resolver(AbstractConfigurableTemplateResolver resolver,
            String prefix, boolean cached, TemplateMode mode, String pattern, int order) {
        resolver.setPrefix(prefix);
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(cached);
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        return resolver;
    }

    /** A template that is unknown or does not render. */
    public static class TemplateProblem extends RuntimeException {

        public TemplateProblem(String message) {
            super(message);
        }

        public TemplateProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
