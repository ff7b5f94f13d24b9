package com.hostflow.common.web;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error page, for what Tomcat refuses before any filter or servlet sees it (a {@code %00} or a broken
 * {@code %} escape in the path, an encoded slash, a request line or headers too long, a character that must be
 * escaped, a bad {@code Host}, an unsupported {@code Transfer-Encoding}): a problem JSON instead of an HTML page that
 * names the server, with the status, the part of the request and the path {@link ConnectorRefusal} reads from what
 * the connector left (414 for a request line too long, 431 for headers too large, where Tomcat says 400).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            ConnectorRefusal.Refusal refusal = ConnectorRefusal.of(request, response, throwable);
            Map<String, Object> problem = ProblemJson.body(refusal.status(), refusal.detail());
            if (refusal.instance() != null) {
                problem.put("instance", refusal.instance());
            }
            if (refusal.field() != null) {
                problem.put("errors", List.of(Map.of("field", refusal.field(), "message", refusal.detail())));
            }
            response.setStatus(refusal.status());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemJson.text(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken over meanwhile: nothing left to tell anyone
        }
    }
}
