package com.hostflow.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

/**
 * Counts JDBC statements and commits per kind of thread (HTTP request, external-task worker, job executor, other),
 * for the benchmarks that say what one order costs. On only with {@code -Dhostflow.test.count-statements=true}: the
 * connection then goes through a JDK proxy. A statement is one {@code prepareStatement}/{@code createStatement}/
 * {@code prepareCall}; a JDBC batch the engine flushes counts once per distinct SQL.
 */
public final class StatementCounter {

    public static final String ENABLED = "hostflow.test.count-statements";

    private static final Map<String, LongAdder> STATEMENTS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> COMMITS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> BY_SQL = new ConcurrentHashMap<>();

    private StatementCounter() {
    }

    public static boolean enabled() {
        return Boolean.getBoolean(ENABLED);
    }

    static DataSource wrapIfEnabled(DataSource raw) {
        if (!enabled()) {
            return raw;
        }
        return (DataSource) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(raw, method, args);
                    return result instanceof Connection connection ? counting(connection) : result;
                });
    }

    /** Statements so far by kind of thread. */
    public static Map<String, Long> statements() {
        return snapshot(STATEMENTS);
    }

    /** Commits so far by kind of thread (autocommit statements are not counted here). */
    public static Map<String, Long> commits() {
        return snapshot(COMMITS);
    }

    /** Statements so far by kind of thread and SQL text ({@code "kind | sql"}), to see which ones to cut. */
    public static Map<String, Long> statementsBySql() {
        return snapshot(BY_SQL);
    }

    private static Connection counting(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "prepareStatement", "createStatement", "prepareCall" -> {
                    count(STATEMENTS);
                    String sql = args != null && args.length > 0 && args[0] instanceof String text
                            ? text.replaceAll("\\s+", " ").trim() : "(plain statement)";
                    BY_SQL.computeIfAbsent(threadKind(Thread.currentThread().getName()) + " | "
                            + (sql.length() > 160 ? sql.substring(0, 160) : sql), k -> new LongAdder()).increment();
                }
                case "commit" -> count(COMMITS);
                default -> {
                }
            }
            return invoke(connection, method, args);
        };
        return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private static void count(Map<String, LongAdder> counters) {
        counters.computeIfAbsent(threadKind(Thread.currentThread().getName()), k -> new LongAdder()).increment();
    }

    static String threadKind(String name) {
        if (name.startsWith("http-nio")) {
            return "http";
        }
        if (name.startsWith("external-task")) {
            return "external-task";
        }
        if (name.startsWith("awaitility") || name.equals("main")) {
            return "the benchmark itself";
        }
        if (name.startsWith("scheduling")) {
            return "scheduled (outbox, timers of HostFlow)";
        }
        if (name.startsWith("camunda") || name.contains("JobExecutor") || name.startsWith("job")) {
            return "job-executor";
        }
        return "other";
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((kind, adder) -> copy.put(kind, adder.sum()));
        return copy;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
