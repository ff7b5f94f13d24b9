package com.hostflow.common.web;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.validation.ConstraintViolationException;

/**
 * Turns every failure of the REST API into {@code application/problem+json}: 400 naming each bad field, 404, 409,
 * 412 (a stale If-Match), 422, 502/504 (a module the request needed failed it). Bad input never reaches the
 * catch-all 500.
 */
@RestControllerAdvice(basePackages = "com.hostflow")
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /** {@code prices[MONTH]} (bean validation's map key) is {@code prices.MONTH} in the API's words; indexes stay */
    private static final Pattern MAP_KEY = Pattern.compile("\\[([A-Za-z_][A-Za-z0-9_-]*)]");

    private final List<FormInputChecks> inputChecks;

    ProblemResponses(List<FormInputChecks> inputChecks) {
        this.inputChecks = inputChecks;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(TooManyAttemptsException.class)
    ResponseEntity<ProblemDetail> tooManyAttempts(TooManyAttemptsException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts", e.getMessage()));
    }

    // a stale version (optimistic lock), and a deadlock or lock timeout lost to another transaction: rolled back
    // whole, so the same request can simply be sent again
    @ExceptionHandler(ConcurrencyFailureException.class)
    ProblemDetail concurrentChange(ConcurrencyFailureException e) {
        log.debug("lost to a concurrent change", e);
        return problem(HttpStatus.CONFLICT, "Conflict", "the resource was changed concurrently, retry");
    }

    // the engine's own optimistic lock (its users, authorizations, executions): not a Spring exception, same race
    @ExceptionHandler(OptimisticLockingException.class)
    ProblemDetail concurrentEngineChange(OptimisticLockingException e) {
        log.debug("lost to a concurrent change in the engine", e);
        return problem(HttpStatus.CONFLICT, "Conflict", "the resource was changed concurrently, retry");
    }

    // a PostgreSQL deadlock or serialization failure inside the engine's own statements (its users and memberships:
    // an admin deleting a staff user while another changes its departments), which the engine wraps in its
    // persistence error rather than Spring's exceptions; any other such error is unexpected
    @ExceptionHandler(ProcessEnginePersistenceException.class)
    ResponseEntity<ProblemDetail> enginePersistence(ProcessEnginePersistenceException e) {
        if (EngineRestEngineErrors.lostToAConcurrentRequest(e)) {
            log.debug("lost to a concurrent change in the engine's tables", e);
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(problem(HttpStatus.CONFLICT, "Conflict", "the resource was changed concurrently, retry"));
        }
        return unexpected(e);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.debug("integrity violation", e);
        IntegrityViolation violation = IntegrityViolation.of(e);
        if (violation.isBadInput()) {
            return validation(List.of(new FieldProblem("body", violation.message())));
        }
        return problem(HttpStatus.CONFLICT, "Conflict", IntegrityViolation.explained(e).orElse(violation.message()));
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ProblemDetail preconditionFailed(PreconditionFailedException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "Precondition failed", e.getMessage());
    }

    @ExceptionHandler(BusinessRuleException.class)
    ProblemDetail businessRule(BusinessRuleException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "Rejected by a business rule", e.getMessage());
        problem.setProperty("code", e.code());
        return problem;
    }

    @ExceptionHandler(RemoteCallFailedException.class)
    ProblemDetail remoteCallFailed(RemoteCallFailedException e) {
        ProblemDetail problem = e.timedOut()
                ? problem(HttpStatus.GATEWAY_TIMEOUT, "Gateway timeout", e.getMessage())
                : problem(HttpStatus.BAD_GATEWAY, "Bad gateway", e.getMessage());
        problem.setProperty("code", e.code());
        return problem;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        return validation(e.errors());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        return validation(e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(FormOrder.problems(null))
                .toList());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String message = e.getValue() instanceof Object[] values && values.length > 1
                ? "given more than once ('" + ProblemText.echo(values) + "'); send it once"
                : "invalid value '" + ProblemText.echo(e.getValue()) + "'" + allowed(e.getRequiredType());
        return validation(List.of(new FieldProblem(e.getName(), message)));
    }

    /** A body Jackson cannot map onto the request type at all (e.g. a shape no creator accepts). */
    @ExceptionHandler(HttpMessageConversionException.class)
    ProblemDetail unconvertible(HttpMessageConversionException e) {
        log.debug("unconvertible request body", e);
        return validation(List.of(new FieldProblem("body", "cannot be read as this operation's request")));
    }

    /**
     * Spring Security's firewall checks a form body's parameter names only when the body is read, which Spring MVC
     * does for a JSON operation sent as {@code application/x-www-form-urlencoded}: a blank name was a 500.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejectedByTheFirewall(RequestRejectedException e) {
        log.debug("request body rejected by the firewall", e);
        return validation(List.of(new FieldProblem("body", "cannot be read as this operation's request: "
                + ProblemText.echo(e.getMessage()))));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ProblemDetail accessDenied(RuntimeException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", "you may not do this");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (noConnectionInTime(e)) {
            // every connection of the pool busy for its whole timeout: nothing was written, the request can come
            // again (it was a 500, as if HostFlow were broken)
            log.warn("no database connection came free within the pool's timeout: answered 503 ({})", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, NO_CONNECTION_RETRY_AFTER_SECONDS)
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "the database is busy: no"
                            + " connection came free in time, nothing was done; retry in "
                            + NO_CONNECTION_RETRY_AFTER_SECONDS + " s"));
        }
        log.error("unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "an unexpected error occurred"));
    }

    static final String NO_CONNECTION_RETRY_AFTER_SECONDS = "5";

    /** The pool's timeout (Hikari's SQLTransientConnectionException), however Spring or the engine wrapped it. */
    private static boolean noConnectionInTime(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Object form = e.getBindingResult().getTarget();
        List<FieldProblem> problems = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemResponses::toFieldProblem)
                .sorted(FormOrder.problems(form == null ? null : form.getClass()))
                .collect(Collectors.toList());
        e.getBindingResult().getGlobalErrors()
                .forEach(g -> problems.add(new FieldProblem(g.getObjectName(), g.getDefaultMessage())));
        boolean create = request instanceof ServletWebRequest servlet && servlet.getHttpMethod() == HttpMethod.POST;
        problems.addAll(otherProblems(e.getBindingResult().getTarget(), create, problems));
        return ResponseEntity.badRequest().body(validation(problems));
    }

    /** What the feature's own checks find about the fields the bean constraints let pass: one round, not two. */
    private List<FieldProblem> otherProblems(Object form, boolean create, List<FieldProblem> named) {
        Set<String> fields = named.stream().map(FieldProblem::field).collect(Collectors.toSet());
        List<FieldProblem> more = new java.util.ArrayList<>();
        for (FormInputChecks checks : inputChecks) {
            try {
                checks.check(form, create);
            } catch (InvalidInputException e) {
                e.errors().stream().filter(p -> !fields.contains(p.field())).forEach(more::add);
            } catch (RuntimeException e) {
                // the checks expect input the constraints passed; what they trip on here, those refuse already
                log.debug("input checks of a body its constraints refused", e);
            }
        }
        return more;
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new FieldProblem(
                        r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(validation(problems));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyLimit.TooLarge.causes(e)) {
            // sent without a Content-Length (chunked): refused once the limit was read
            ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, StatusMessages.title(413),
                    "body: " + RequestBodyLimit.MESSAGE);
            problem.setProperty("errors", List.of(new FieldProblem("body", RequestBodyLimit.MESSAGE)));
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem);
        }
        return ResponseEntity.badRequest().body(validation(List.of(unreadable(e))));
    }

    private static FieldProblem unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException m && m.getCause() instanceof StreamReadException text) {
            // the JSON itself broken inside a map or a list (a number too large for a map's value, "DAY":"1",, in
            // the prices): the mapping's path stops at the map or list, the parser knows where it stopped
            return streamProblem(text);
        }
        if (e.getCause() instanceof UnrecognizedPropertyException u) {
            return new FieldProblem(path(u), "unknown field");
        }
        if (e.getCause() instanceof InvalidFormatException f && f.getTargetType() == String.class
                && (f.getValue() instanceof Number || f.getValue() instanceof Boolean)) {
            // the value is Jackson's reading of the number (1e30 as 1.0E30, 1e400 as Infinity), not what was sent
            return new FieldProblem(path(f), "must be text, written in quotes");
        }
        if (e.getCause() instanceof InvalidFormatException f) {
            return new FieldProblem(path(f),
                    "invalid value '" + ProblemText.echo(f.getValue()) + "'" + allowed(f.getTargetType()));
        }
        if (e.getCause() instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return new FieldProblem(path(m), "invalid value" + allowed(m.getTargetType()));
        }
        if (e.getCause() instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new FieldProblem(path(m), "invalid value");
        }
        if (e.getCause() instanceof StreamReadException r) {
            return streamProblem(r);
        }
        if (e.getCause() instanceof StreamConstraintsException) {
            return new FieldProblem("body", "too large or too deeply nested: " + e.getCause().getMessage()
                    .replaceAll("\\(.*", "").trim());
        }
        return new FieldProblem("body", "the request body is missing or is not valid JSON");
    }

    /** The JSON text itself is wrong: name where, as far as the parser got. */
    private static FieldProblem streamProblem(StreamReadException e) {
        String field = location(e);
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            return new FieldProblem(field, "duplicated key: each field may appear only once");
        }
        if (e instanceof InputCoercionException) {
            return new FieldProblem(field, "number out of range");
        }
        return new FieldProblem(field, "malformed JSON: " + parsersWords(message)
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")"));
    }

    /** {@code (',' (code 44))} as {@code ','}, without the parser's "[Source: ...]" notes. */
    private static final Pattern CHARACTER_CODE = Pattern.compile("\\(('.*?') \\(code \\d+\\)\\)");
    private static final Pattern SOURCE_NOTE = Pattern.compile("\\s*\\([^()]*\\[Source:[^\\]]*][^()]*\\)");

    /** The parser's names of its tokens ("end-of-input in VALUE_STRING"), as a reader calls them. */
    private static final java.util.Map<String, String> TOKEN_WORDS = java.util.Map.of("VALUE_STRING", "a text",
            "VALUE_NUMBER_INT", "a number", "VALUE_NUMBER_FLOAT", "a number", "FIELD_NAME", "a field name",
            "START_OBJECT", "'{'", "END_OBJECT", "'}'", "START_ARRAY", "'['", "END_ARRAY", "']'");
    private static final Pattern TOKEN_NAME = Pattern.compile("\\b(?:VALUE_STRING|VALUE_NUMBER_INT|VALUE_NUMBER_FLOAT"
            + "|FIELD_NAME|START_OBJECT|END_OBJECT|START_ARRAY|END_ARRAY)\\b");

    /** What the parser says is wrong, in its words less a source description; "not valid JSON" if it says nothing. */
    private static String parsersWords(String message) {
        String words = SOURCE_NOTE.matcher(CHARACTER_CODE.matcher(message).replaceAll("$1")).replaceAll("").trim();
        words = TOKEN_NAME.matcher(words).replaceAll(token -> TOKEN_WORDS.get(token.group()));
        return words.isEmpty() ? "not valid JSON"
                : Character.toLowerCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * Where the parser stopped: the member whose value it was reading, the list's element, or, after a member's
     * value (a comma or a brace out of place), the object itself: its last member's name is the one before.
     */
    private static String location(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return "body";
        }
        JsonToken token = parser.currentToken();
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        // a duplicated key is the name just read, a number out of range the value: the member's own problems
        boolean pastTheMember = !(e instanceof InputCoercionException) && !message.startsWith("Duplicate field")
                && token != null && token != JsonToken.FIELD_NAME
                && !(token == JsonToken.VALUE_STRING && INSIDE_TEXT.matcher(message).find());
        java.util.LinkedList<String> parts = new java.util.LinkedList<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null
                    && !(pastTheMember && context == parser.getParsingContext())) {
                parts.addFirst("." + context.getCurrentName());
            } else if (context.inArray()) {
                parts.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "body" : path.startsWith(".") ? path.substring(1) : path;
    }

    /** The parser's words for a text it could not read to its end: the member is the text's. */
    private static final Pattern INSIDE_TEXT = Pattern.compile("string value|character escape|in string|in VALUE_STRING");

    private static String allowed(Class<?> type) {
        if (type != null && type.isEnum()) {
            return ", expected one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == java.math.BigDecimal.class) {
            return ": " + StrictNumbers.AMOUNT;
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return ": " + StrictNumbers.WHOLE_NUMBER;
        }
        return "";
    }

    private static String path(JsonMappingException e) {
        String path = JsonFieldPath.of(e);
        return path.isEmpty() ? "body" : path;
    }

    private static FieldProblem toFieldProblem(FieldError error) {
        return new FieldProblem(MAP_KEY.matcher(error.getField()).replaceAll(".$1"), error.getDefaultMessage());
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    /** At most {@link ProblemText#MAX_LISTED} problems listed, the rest counted in the detail. */
    static ProblemDetail validation(List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", ProblemText.summary(errors));
        problem.setProperty("errors", ProblemText.listed(errors));
        return problem;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
