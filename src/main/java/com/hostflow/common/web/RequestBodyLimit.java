package com.hostflow.common.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An API request body is at most {@value #MAX_BYTES} bytes (2 MiB, Tomcat's own limit for a form): a longer one is
 * refused with a 413 problem naming {@code body}, by its {@code Content-Length} before anything reads it, or, sent
 * without one (chunked), once that many bytes were read. Nothing bounded a JSON body: a client's 60 MB order was read
 * whole and its strings kept before the 400 that refused it.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final String MESSAGE = "must be at most " + MAX_BYTES + " bytes (2 MiB)";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            ProblemJson.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "body: " + MESSAGE, "body", MESSAGE);
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request) : request, response);
    }

    /** Read past the limit: Spring MVC's reading of the body ends in it, answered 413 ({@link ProblemResponses}). */
    static final class TooLarge extends IOException {

        TooLarge() {
            super("the request body is larger than " + MAX_BYTES + " bytes");
        }

        static boolean causes(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLarge) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private ServletInputStream limited;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new Counting(super.getInputStream());
            }
            return limited;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        Counting(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_BYTES) {
                throw new TooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
