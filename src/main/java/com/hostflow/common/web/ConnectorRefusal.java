package com.hostflow.common.web;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.res.StringManager;

/**
 * What Tomcat's connector refused before any filter or servlet ran, read from the state it left the request in (which
 * part of the request line it had read, the headers it kept, the exception it stopped on): the problem's status, its
 * detail, the part of the request it names and the requested path as its {@code instance}.
 *
 * <p>A request line Tomcat could not read to its end (too long, a character that must be escaped) has no request URI:
 * its path is read from the connector's input buffer as far as it came (a private field of
 * {@link Http11InputBuffer}, the only place it is kept); without it the problem has no {@code instance}.
 */
final class ConnectorRefusal {

    /** The connector's own messages, in the language Tomcat writes them in (the server's locale). */
    private static final StringManager HTTP11 = StringManager.getManager("org.apache.coyote.http11");
    private static final String TOO_LARGE = HTTP11.getString("iib.requestheadertoolarge.error");
    /** "The HTTP header line [{0}] does not conform to RFC 7230. The request has been rejected." */
    private static final Pattern HEADER_LINE = messagePattern(HTTP11.getString("iib.invalidheader.reject"));
    /** What may stand in a URI reference as it is; anything else is %-escaped in an {@code instance}. */
    private static final String URI_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "-._~!$&'()*+,;=:@/?";

    /** The answer: {@code field} the part of the request it names, {@code null} when it names none. */
    record Refusal(int status, String detail, String field, String instance) {
    }

    private ConnectorRefusal() {
    }

    static Refusal of(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        String uri = coyote.requestURI().isNull() ? null : coyote.requestURI().toString();
        String instance = uri != null ? instance(uri) : instanceSoFar(coyote);
        if (status == 400 && fromConnector(throwable)) {
            return refusedWhileParsing(request, coyote, throwable, uri, instance);
        }
        if (status == 400 && throwable == null) {
            String said = response.getMessage();
            if (said != null && said.startsWith("Invalid URI")) {
                return new Refusal(400, "the path is not valid: a broken % escape (%zz, a lone %), %00, or a path"
                        + " that does not start with /", "path", instance);
            }
            int hosts = hostCount(coyote);
            if (hosts > 1 || hosts == 0 && "HTTP/1.1".equals(coyote.protocol().toString())) {
                return hostRefused(coyote, instance);
            }
            List<String> lengths = contentLengths(coyote);
            if (lengths.size() > 1 || lengths.stream().anyMatch(length -> !length.trim().matches("\\d{1,18}"))) {
                return new Refusal(400, "the Content-Length must be given once, as a whole number of bytes",
                        "Content-Length", instance);
            }
        }
        String protocol = coyote.protocol().toString();
        if (status == 501 && !header(coyote, "transfer-encoding").isEmpty()) {
            return new Refusal(501, "the Transfer-Encoding '" + ProblemText.echo(header(coyote, "transfer-encoding"))
                    + "' is not supported: send the body as it is with a Content-Length, or chunked",
                    "Transfer-Encoding", instance);
        }
        if (status == 505 && !"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
            return new Refusal(505, "the HTTP version '" + ProblemText.echo(protocol) + "' is not supported: send"
                    + " HTTP/1.1 or HTTP/1.0", "protocol", instance);
        }
        if (status == 417 && !header(coyote, "expect").isEmpty()) {
            return new Refusal(417, "the expectation '" + ProblemText.echo(header(coyote, "expect")) + "' is not"
                    + " supported: the only one is 100-continue", "Expect", instance);
        }
        return new Refusal(status, StatusMessages.detail(status, uri), null, instance);
    }

    /**
     * Whether the connector threw it while it read the request line and headers (Tomcat's HTTP/1.1 parser, its
     * header and host parsers), not a servlet or filter (a servlet's {@code IllegalArgumentException} is a 500 that
     * names no part of the request).
     */
    private static boolean fromConnector(Throwable throwable) {
        if (throwable == null || throwable.getStackTrace().length == 0) {
            return false;
        }
        String thrower = throwable.getStackTrace()[0].getClassName();
        return thrower.startsWith("org.apache.coyote.") || thrower.startsWith("org.apache.tomcat.util.");
    }

    private static Refusal refusedWhileParsing(Request request, org.apache.coyote.Request coyote, Throwable throwable,
            String uri, String instance) {
        String message = throwable.getMessage();
        int limit = connectorLimit(request, "maxHttpRequestHeaderSize", 8192);
        if (throwable instanceof IllegalArgumentException && TOO_LARGE.equals(message)) {
            if (uri == null) {
                return new Refusal(414, "the request line is too long: its method, path and query may be at most "
                        + limit + " bytes (with the headers); send fewer or shorter query parameters",
                        "request line", instance);
            }
            return new Refusal(431, "the request headers are too large: the request line and the headers may be"
                    + " at most " + limit + " bytes together", "headers", instance);
        }
        if (throwable instanceof IllegalStateException) {
            int count = connectorLimit(request, "maxHeaderCount", 100);
            return new Refusal(431, "the request has too many headers: at most " + count + " are read", "headers",
                    instance);
        }
        if (throwable instanceof IllegalArgumentException) {
            Refusal line = requestLine(coyote, uri, instance);
            if (line != null) {
                return line;
            }
            Matcher header = message == null ? null : HEADER_LINE.matcher(message);
            if (header != null && header.matches()) {
                String name = header.group(1);
                int colon = name.indexOf(':');
                return new Refusal(400, "a header line is not valid HTTP: a header is a name (letters, digits and"
                        + " !#$%&'*+-.^_`|~), a colon and a value of printable characters",
                        colon > 0 ? name.substring(0, colon) : "headers", instance);
            }
            if (coyote.getMimeHeaders().getValue("host") != null) {
                return hostRefused(coyote, instance);
            }
        }
        return new Refusal(400, StatusMessages.detail(400), null, instance);
    }

    /** The request line's part Tomcat stopped at, when it stopped before its end; {@code null} if it read it all. */
    private static Refusal requestLine(org.apache.coyote.Request coyote, String uri, String instance) {
        if (coyote.method().isNull()) {
            return new Refusal(400, "the method is not a valid HTTP method: a name of letters, digits and"
                    + " !#$%&'*+-.^_`|~ followed by one blank (a request line is METHOD /path HTTP/1.1)", "method",
                    instance);
        }
        if (uri == null) {
            String target = targetSoFar(coyote);
            String part = target != null && invalidAt(target) > target.indexOf('?') && target.indexOf('?') >= 0
                    ? "query" : target != null ? "path" : "request target";
            // Tomcat refuses [ and ] in a query, not in a path: addons[ram]=4096 typed as the quotes are written
            return new Refusal(400, "the " + (part.equals("request target") ? "path or query" : part)
                    + " contains a character that must be %-escaped (a control character, a blank, text other than"
                    + " ASCII, or one of " + (part.equals("path") ? "" : "[]") + "{}|\\^`\"<>#), as UTF-8 %XX", part,
                    instance);
        }
        if (coyote.protocol().isNull()) {
            return new Refusal(400, "the request line does not end in a valid HTTP version (HTTP/1.1 or HTTP/1.0)"
                    + " after one blank", "protocol", instance);
        }
        return null;
    }

    private static Refusal hostRefused(org.apache.coyote.Request coyote, String instance) {
        int hosts = hostCount(coyote);
        String detail = hosts == 0 ? "the Host header is missing: an HTTP/1.1 request names the server it is for"
                : hosts > 1 ? "the Host header is given more than once; send it once"
                : "the Host header '" + ProblemText.echo(header(coyote, "host")) + "' is not a valid host name,"
                        + " IP address or [IPv6 address], with an optional :port, or does not match the host of an"
                        + " absolute request URI";
        return new Refusal(400, detail, "Host", instance);
    }

    private static int hostCount(org.apache.coyote.Request coyote) {
        return Collections.list(coyote.getMimeHeaders().values("host")).size();
    }

    private static List<String> contentLengths(org.apache.coyote.Request coyote) {
        return new ArrayList<>(Collections.list(coyote.getMimeHeaders().values("content-length")));
    }

    private static String header(org.apache.coyote.Request coyote, String name) {
        String value = coyote.getMimeHeaders().getHeader(name);
        return value == null ? "" : value;
    }

    private static int connectorLimit(Request request, String property, int fallback) {
        Object value = request.getConnector() == null ? null : request.getConnector().getProperty(property);
        return value instanceof Integer limit && limit > 0 ? limit : fallback;
    }

    /** Where the first character that may not stand in a request target as it is stands, or -1. */
    private static int invalidAt(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (URI_CHARACTERS.indexOf(c) < 0 && c != '%') {
                return i;
            }
        }
        return -1;
    }

    /** The path of the request as its problem's {@code instance}: a URI reference, cut like other quoted input. */
    static String instance(String requestTarget) {
        int query = requestTarget.indexOf('?');
        return ProblemJson.instance(uriReference(query < 0 ? requestTarget : requestTarget.substring(0, query)));
    }

    /** The text as a URI reference: %-escapes what may not stand in one (a broken escape's % too). */
    static String uriReference(String text) {
        StringBuilder reference = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (URI_CHARACTERS.indexOf(c) >= 0 || c == '%' && i + 2 < text.length()
                    && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                reference.append(c);
            } else {
                byte[] bytes = c <= 0xFF ? new byte[] {(byte) c}
                        : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                for (byte b : bytes) {
                    reference.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
                }
            }
        }
        return reference.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    private static String instanceSoFar(org.apache.coyote.Request coyote) {
        String target = targetSoFar(coyote);
        return target == null || target.isEmpty() ? null : instance(target);
    }

    /**
     * The request target as far as the connector read it (the request line's second word, up to a blank, a line end
     * or the end of what was read), or {@code null} when the input buffer is not HTTP/1.1's or cannot be read.
     */
    static String targetSoFar(org.apache.coyote.Request coyote) {
        if (!(coyote.getInputBuffer() instanceof Http11InputBuffer input)) {
            return null;
        }
        ByteBuffer buffer;
        try {
            Field field = Http11InputBuffer.class.getDeclaredField("byteBuffer");
            field.setAccessible(true);
            buffer = (ByteBuffer) field.get(input);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        if (buffer == null || !buffer.hasArray()) {
            return null;
        }
        String read = new String(buffer.array(), buffer.arrayOffset(), buffer.limit(), StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < read.length() && (read.charAt(start) == '\r' || read.charAt(start) == '\n')) {
            start++;
        }
        int method = read.indexOf(' ', start);
        if (method < 0) {
            return null;
        }
        int target = method;
        while (target < read.length() && read.charAt(target) == ' ') {
            target++;
        }
        int end = target;
        while (end < read.length() && " \r\n".indexOf(read.charAt(end)) < 0) {
            end++;
        }
        return read.substring(target, end);
    }

    /** A message of Tomcat's with one argument, {@code {0}}, as a pattern that captures the argument. */
    private static Pattern messagePattern(String message) {
        int argument = message.indexOf("{0}");
        if (argument < 0) {
            return Pattern.compile("(?!)()");
        }
        return Pattern.compile(Pattern.quote(message.substring(0, argument).replace("''", "'")) + "(.*)"
                + Pattern.quote(message.substring(argument + 3).replace("''", "'")), Pattern.DOTALL);
    }
}
