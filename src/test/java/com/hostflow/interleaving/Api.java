package com.hostflow.interleaving;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * HostFlow's REST API as clients and admins call it, over HTTP on the running application. Every answer above 499 is
 * remembered: the API must never answer a server error, whatever order the events come in.
 */
final class Api {

    static final Login ADMIN = new Login("demo", "demo");

    private final TestRestTemplate http;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> serverErrors = new ArrayList<>();

    Api(int port) {
        this.http = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port));
    }

    record Login(String username, String password) {
    }

    /** {@code etag}: the answer's ETag header, null when it has none. */
    record Answer(String request, int status, JsonNode body, String etag) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body of an answer that must be 2xx. */
        JsonNode required() {
            if (!ok()) {
                throw new IllegalStateException("expected 2xx: " + this);
            }
            return body;
        }

        @Override
        public String toString() {
            return request + " -> " + status + (ok() ? "" : " " + body);
        }
    }

    Answer get(Login login, String path) {
        return call(login, HttpMethod.GET, path, null);
    }

    Answer post(Login login, String path, Object body) {
        return call(login, HttpMethod.POST, path, body);
    }

    Answer put(Login login, String path, Object body) {
        return call(login, HttpMethod.PUT, path, body);
    }

    Answer delete(Login login, String path) {
        return call(login, HttpMethod.DELETE, path, null);
    }

    Answer call(Login login, HttpMethod method, String path, Object body) {
        return call(login, method, path, body, null);
    }

    /** With {@code ifMatch} (unless null) as the If-Match header. */
    Answer call(Login login, HttpMethod method, String path, Object body, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        // the header, not withBasicAuth: that builds a new HTTP client (threads, connections) for every request
        if (login != null) {
            headers.setBasicAuth(login.username(), login.password());
        }
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        Answer answer = new Answer(method + " " + path + (ifMatch == null ? "" : " (If-Match " + ifMatch + ")"),
                response.getStatusCode().value(), parse(response.getBody()), response.getHeaders().getETag());
        if (answer.status() >= 500) {
            synchronized (serverErrors) {
                serverErrors.add(answer.toString());
            }
        }
        return answer;
    }

    /** Server errors seen since the last call, which forgets them. */
    List<String> takeServerErrors() {
        synchronized (serverErrors) {
            List<String> taken = List.copyOf(serverErrors);
            serverErrors.clear();
            return taken;
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
