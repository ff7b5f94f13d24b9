package com.hostflow.modules.vmmanager6;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import feign.Client;
import feign.Request;
import feign.Response;

/**
 * Feign's transport over the JDK's {@link HttpClient}. Feign's default {@code HttpURLConnection} transport loses the
 * body of a 401 answer to a POST (streaming mode), and VMmanager's refusal of a login must reach the admin. It also
 * sends the {@code where=} filter the way VMmanager's own clients do: Feign percent-encodes {@code ( ) ' +}, and
 * VMmanager reads {@code +} as the separator of its filter words, so those four go out as they are.
 */
final class JdkHttpFeignClient implements Client {

    /** Headers the JDK client sets itself and refuses to take from the caller. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final HttpClient http;

    JdkHttpFeignClient(Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static String withRawWhereFilter(String url) {
        int where = url.indexOf("?where=");
        if (where < 0) {
            where = url.indexOf("&where=");
        }
        if (where < 0) {
            return url;
        }
        int start = where + "?where=".length();
        int end = url.indexOf('&', start);
        String filter = url.substring(start, end < 0 ? url.length() : end)
                .replace("%28", "(").replace("%29", ")").replace("%27", "'").replace("%2B", "+");
        return url.substring(0, start) + filter + (end < 0 ? "" : url.substring(end));
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        byte[] body = request.body();
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(URI.create(withRawWhereFilter(request.url())))
                .timeout(Duration.ofMillis(options.readTimeoutMillis()))
                .method(request.httpMethod().name(), body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(value -> outgoing.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> answer = http.send(outgoing.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            answer.headers().map().forEach(headers::put);
            return Response.builder()
                    .status(answer.statusCode())
                    .reason("HTTP " + answer.statusCode())
                    .headers(headers)
                    .request(request)
                    .body(answer.body())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling " + request.url());
        }
    }
}
