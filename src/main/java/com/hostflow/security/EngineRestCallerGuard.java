package com.hostflow.security;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.web.filter.OncePerRequestFilter;

import com.hostflow.common.web.ProblemJson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may use the engine's REST API, beyond what Camunda's authorizations decide; runs after the engine's own
 * authentication filter, which has set the caller. Clients have HostFlow's API and no business in the engine's: the
 * engine gives every user all rights on its own user record (a client could delete its login) and checks nothing on
 * messages, conditions or metrics. Jobs that belong to no process (the history cleanup) are outside Camunda's
 * authorizations altogether, and users, groups and authorizations are managed through HostFlow's API: both are for
 * admins only (staff, too, hold all rights on their own user record).
 */
class EngineRestCallerGuard extends OncePerRequestFilter {

    private static final Pattern ADMIN_ONLY = Pattern.compile(
            "/(job|job-definition|history/cleanup|user|group|authorization|tenant)(/.*)?");

    private final IdentityService identity;

    EngineRestCallerGuard(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = identity.getCurrentAuthentication();
        List<String> groups = caller == null || caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
        boolean admin = groups.contains(Roles.ADMIN_GROUP);
        if (caller != null && !admin) {
            if (!groups.contains(Roles.STAFF_GROUP)) {
                ProblemJson.write(response, HttpServletResponse.SC_FORBIDDEN,
                        "the engine's REST API is for staff and admins; clients use /api/v1");
                return;
            }
            // /engine-rest/job/1 and /engine-rest/engine/default/job/1 alike
            String path = request.getRequestURI().substring(request.getContextPath().length())
                    .replaceFirst("^/engine-rest", "").replaceFirst("^/engine/[^/]+", "");
            if (ADMIN_ONLY.matcher(path).matches()) {
                ProblemJson.write(response, HttpServletResponse.SC_FORBIDDEN,
                        "jobs, users, groups and authorizations are for admins only");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
