package com.hostflow.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.InvalidPropertyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.MappingJackson2JsonView;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.PageNumber;
import com.hostflow.security.CurrentUser;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What every page of the console and the client area shares: who is logged in, and failures answered as a page
 * (the API's advice would answer them as JSON). Ordered first, so it wins over the API's problem responses for these
 * controllers.
 */
@ControllerAdvice(basePackages = {"com.hostflow.console", "com.hostflow.clientarea"})
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageSupport {

    private static final Logger log = LoggerFactory.getLogger(PageSupport.class);

    /**
     * A page only an administrator can use (a blank "new" form): staff, who read the console, get the 403 page here
     * instead of a form whose save is refused.
     */
    static final String ADMINS = "hasRole('ADMIN')";

    private final CurrentUser currentUser;

    PageSupport(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    /**
     * A list page's number from its link, as the pages take it: below 0 the first, past {@link PageNumber#MAX} that
     * one (an empty page), so page × size stays an int offset (page=2147483647 was a 500).
     */
    static int pageNumber(int page) {
        return Math.min(Math.max(page, 0), PageNumber.MAX);
    }

    /** Who is logged in; pages show write actions only when {@code me.admin}. */
    public record Me(String username, boolean admin, boolean staff, boolean client) {
    }

    @ModelAttribute("me")
    Me me() {
        return new Me(currentUser.username(), currentUser.isAdmin(), currentUser.isStaff(), currentUser.isClient());
    }

    /** Country flags for the pages: {@code ${flags.of('NL')}}. */
    public static final class Flags {
        public String of(String countryCode) {
            return DataCenterPages.flag(countryCode);
        }
    }

    @ModelAttribute("flags")
    Flags flags() {
        return new Flags();
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletRequest request, HandlerMethod handler) {
        return problem(request, handler, HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ModelAndView badRequest(Exception e, HttpServletRequest request, HandlerMethod handler) {
        return problem(request, handler, HttpStatus.BAD_REQUEST, "Bad request", badRequestDetail(e));
    }

    /**
     * A form field whose name the form's object cannot take ({@code resources[abc].code}, {@code resources[300].code}
     * past the 256 rows a list grows to, {@code name[0]}): Spring's binding throws instead of recording a field error,
     * and the page failed with a 500.
     */
    @ExceptionHandler(InvalidPropertyException.class)
    ModelAndView badFieldName(InvalidPropertyException e, HttpServletRequest request, HandlerMethod handler) {
        String name = e.getPropertyName();
        return problem(request, handler, HttpStatus.BAD_REQUEST, "Bad request", "The field '"
                + (name.length() > 100 ? name.substring(0, 100) + "…" : name) + "' is not one of this form's.");
    }

    /** Names the form's field (a select sent with a value it does not offer) as the API would; else the path. */
    static String badRequestDetail(Exception e) {
        if (e instanceof MethodArgumentTypeMismatchException mismatch
                && !mismatch.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return "The value of the field '" + mismatch.getName() + "' is not valid.";
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return "The field '" + missing.getParameterName() + "' is missing.";
        }
        return "The address is not valid.";
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ModelAndView forbidden(RuntimeException e, HttpServletRequest request, HandlerMethod handler) {
        return problem(request, handler, HttpStatus.FORBIDDEN, "Not allowed", "You may not open this page.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HandlerMethod handler) {
        log.error("page failed", e);
        return problem(request, handler, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "An unexpected error occurred. Please try again.");
    }

    /**
     * A new model: the {@code @ModelAttribute} methods above do not run for an exception handler's view, so it
     * carries {@code me} and {@code path} itself (the layout reads both).
     */
    private ModelAndView problem(HttpServletRequest request, HandlerMethod handler, HttpStatus status, String title,
            String detail) {
        if (answersData(handler)) {
            return jsonProblem(status, title, detail);
        }
        ModelAndView page = new ModelAndView("shared/problem");
        page.addObject("path", path(request));
        page.setStatus(status);
        // not "title": the layout's fragment parameter of that name would take its place in the page
        page.addObject("problemTitle", title);
        page.addObject("detail", detail);
        page.addObject("me", me());
        return page;
    }

    /** A page's script asks for data (the order form's live price): it gets a problem as the API answers it. */
    private static boolean answersData(HandlerMethod handler) {
        return handler != null && (handler.hasMethodAnnotation(ResponseBody.class)
                || handler.getBeanType().isAnnotationPresent(ResponseBody.class));
    }

    private static ModelAndView jsonProblem(HttpStatus status, String title, String detail) {
        MappingJackson2JsonView json = new MappingJackson2JsonView();
        json.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.setExtractValueFromSingleKeyModel(true);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        ModelAndView answer = new ModelAndView(json, Map.of("problem", problem));
        answer.setStatus(status);
        return answer;
    }
}
