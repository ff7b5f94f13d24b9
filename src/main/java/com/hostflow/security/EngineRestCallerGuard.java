package com.hostflow.security;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

import com.hostflow.common.web.ProblemJson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Who may use the engine's REST API, beyond what Camunda's authorizations decide. Clients have HostFlow's API and no
 * business in the engine's: the engine gives every user all rights on its own user record (a client could delete its
 * login) and checks nothing on messages, conditions or metrics. Jobs that belong to no process (the history cleanup)
 * are outside Camunda's authorizations altogether, and users, groups and authorizations are managed through
 * HostFlow's API: both are for admins only (staff, too, hold all rights on their own user record).
 *
 * <p>The same API is reached two ways, and this guard stands on both. {@code /engine-rest} authenticates each call
 * (the engine's Basic authentication filter, which runs first and sets the caller): staff there get no jobs, users,
 * groups, authorizations or tenants at all. {@code /camunda/api/engine} is the webapps' way in, authenticated by the
 * session a login to Tasklist made (read here from the session, whatever order the webapps' filters run in): Tasklist
 * reads users and groups to show names and candidates, so staff there may read those and change none of them.
 * Camunda lets every user log in to its Welcome app: a client's (or a user's without a role) session gets 403 there too.
 *
 * <p>The webapps' own plugin APIs ({@code /camunda/api/cockpit|admin|tasklist|welcome/plugin/...}) are open to any
 * logged-in user by Camunda's rules: Cockpit's and Admin's are for admins here, as the apps are, and no plugin API is
 * a client's. Their static files, the login, the logout and "who am I" stay as Camunda has them.
 */
class EngineRestCallerGuard extends OncePerRequestFilter {

    /** For admins only, on /engine-rest (the path after the engine's name). */
    private static final Pattern ADMIN_ONLY = Pattern.compile(
            "/(job|job-definition|history/cleanup|history/job-log|user|group|authorization|tenant)(/.*)?");
    /** For admins only, on the webapps' path, whatever the method. */
    private static final Pattern ADMIN_ONLY_IN_WEBAPPS = Pattern.compile(
            "/(job|job-definition|history/cleanup|history/job-log|tenant)(/.*)?");
    /** Readable by staff on the webapps' path, changed by admins only. */
    private static final Pattern ADMIN_CHANGES_IN_WEBAPPS = Pattern.compile("/(user|group|authorization)(/.*)?");
    /** What staff may not do to a task's process: its variables, and BPMN errors or escalations thrown from it. */
    private static final Pattern TASK_DATA = Pattern.compile(
            "/task/[^/]+/(variables|localVariables|bpmnError|bpmnEscalation)(/.*)?");
    private static final String TASK_DATA_REFUSED = "staff answer a task through its form; the data of its process is"
            + " changed by admins only";
    private static final String CLIENTS_REFUSED = "the engine's REST API is for staff and admins; clients use /api/v1";
    private static final Pattern WEBAPP_ENGINE_PATH = Pattern.compile("^/camunda/api/engine/engine/([^/]+)(/.*)?$");
    /**
     * The webapps' own APIs: {@code /camunda/api/<app>/plugin/<plugin>/<engine>/...}, and the plugins' static files
     * under {@code .../<plugin>/static/...} (open to anyone, as Camunda has them).
     */
    private static final Pattern WEBAPP_PLUGIN_PATH = Pattern.compile(
            "^/camunda/api/(cockpit|admin|tasklist|welcome)/plugin/[^/]+/([^/]+)(/.*)?$");
    /** The webapps whose plugin APIs are for admins only, as the apps are. */
    private static final List<String> ADMINS_APPS = List.of("cockpit", "admin");
    private static final String ADMINS_APP_REFUSED = "Cockpit and Admin are for admins only";

    /** Where the caller comes from. */
    enum Way {
        /** /engine-rest: Basic authentication by the engine's filter, which set the caller on the engine. */
        ENGINE_REST,
        /** /camunda/api/engine: the session of a login to the webapps. */
        WEBAPP_SESSION
    }

    private final IdentityService identity;
    private final Way way;

    EngineRestCallerGuard(IdentityService identity, Way way) {
        this.identity = identity;
        this.way = way;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String refused = way == Way.ENGINE_REST ? refusedOnEngineRest(path, request.getMethod())
                : refusedInWebapps(request, path);
        if (refused != null) {
            ProblemJson.write(request, response, HttpServletResponse.SC_FORBIDDEN, refused);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A task's variables set, changed or removed, or a BPMN error or escalation thrown from it with variables: the
     * engine lets whoever may work on a task do all of these to its process, whose service, operation and key are
     * variables. Staff answer a task through its form ({@link EngineRestTaskFormChecks}); reads stay allowed.
     */
    private static boolean changesTaskData(String method, String resource) {
        return !"GET".equals(method) && !"HEAD".equals(method) && TASK_DATA.matcher(resource).matches();
    }

    private String refusedOnEngineRest(String path, String method) {
        Authentication caller = identity.getCurrentAuthentication();
        if (caller == null) {
            return null;
        }
        List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
        if (groups.contains(Roles.ADMIN_GROUP)) {
            return null;
        }
        if (!groups.contains(Roles.STAFF_GROUP)) {
            return CLIENTS_REFUSED;
        }
        // /engine-rest/job/1 and /engine-rest/engine/default/job/1 alike
        String resource = path.replaceFirst("^/engine-rest", "").replaceFirst("^/engine/[^/]+", "");
        if (ADMIN_ONLY.matcher(resource).matches()) {
            return "jobs, users, groups and authorizations are for admins only";
        }
        return changesTaskData(method, resource) ? TASK_DATA_REFUSED : null;
    }

    private static String refusedInWebapps(HttpServletRequest request, String path) {
        Matcher engine = WEBAPP_ENGINE_PATH.matcher(path);
        Matcher plugin = WEBAPP_PLUGIN_PATH.matcher(path);
        String engineName;
        if (engine.matches()) {
            engineName = engine.group(1);
        } else if (plugin.matches() && !"static".equals(plugin.group(2))) {
            engineName = plugin.group(2);
        } else {
            // the login, the logout, "who am I", the plugins' static files: Camunda's rules apply
            return null;
        }
        HttpSession session = request.getSession(false);
        Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        if (logins == null || !(logins.getAuthenticationForProcessEngine(engineName)
                instanceof UserAuthentication login)) {
            // not logged in: the webapps answer 401 themselves
            return null;
        }
        List<String> groups = login.getGroupIds() == null ? List.of() : login.getGroupIds();
        if (groups.contains(Roles.ADMIN_GROUP)) {
            return null;
        }
        if (!groups.contains(Roles.STAFF_GROUP)) {
            // Camunda lets anyone log in to its Welcome app, clients too: that session is no way into the engine
            return CLIENTS_REFUSED;
        }
        if (!engine.matches()) {
            // Camunda lets any logged-in user call every app's plugin API: Cockpit's answered staff with what their
            // authorizations let them read, where Cockpit itself refuses them
            return ADMINS_APPS.contains(plugin.group(1)) ? ADMINS_APP_REFUSED : null;
        }
        String resource = engine.group(2) == null ? "/" : engine.group(2);
        boolean reads = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (ADMIN_ONLY_IN_WEBAPPS.matcher(resource).matches()
                || (!reads && ADMIN_CHANGES_IN_WEBAPPS.matcher(resource).matches())) {
            return "jobs, users, groups and authorizations are changed by admins only";
        }
        return changesTaskData(request.getMethod(), resource) ? TASK_DATA_REFUSED : null;
    }
}
