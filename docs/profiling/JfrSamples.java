import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's execution samples went, between two instants (a benchmark's measured round), without
 * printing gigabytes of JSON first. A single-file program:
 *
 * <pre>
 * java docs/profiling/JfrSamples.java prof.jfr 2026-12-03T18:48:36Z 2026-12-03T18:49:48Z owners
 * </pre>
 *
 * Modes:
 * <ul>
 * <li>{@code threads}: samples per thread group (HTTP threads, external-task workers, ...);</li>
 * <li>{@code owners}: per library that runs the sample's topmost frame outside the JDK (Hibernate, the engine,
 * MyBatis, Jackson, HostFlow's packages, ...): what each library costs, wherever it is called from;</li>
 * <li>{@code callers LIBRARY}: the samples one library owns, by HostFlow's nearest frame (file:line);</li>
 * <li>{@code tree [CLASS-REGEX]}: HostFlow's call tree with inclusive shares (frames of classes matching the regex
 * shown too, e.g. {@code 'org.camunda.bpm.engine.impl.ExternalTaskServiceImpl'}).</li>
 * </ul>
 * {@code -Dthreads=REGEX} keeps the samples of matching threads only; {@code -Dmin=PERCENT} (tree, default 1) and
 * {@code -Dtop=N} (other modes, default 40) cut the output.
 */
public class JfrSamples {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: JfrSamples FILE.jfr FROM-INSTANT TO-INSTANT threads|owners|callers LIB|tree [RE]");
            System.exit(2);
        }
        Instant from = Instant.parse(args[1]);
        Instant to = Instant.parse(args[2]);
        String mode = args[3];
        String argument = args.length > 4 ? args[4] : "";
        String threads = System.getProperty("threads", "");
        Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)
                        || event.getStackTrace() == null) {
                    continue;
                }
                String thread = threadName(event.getThread("sampledThread"));
                if (!threads.isEmpty() && !thread.matches(threads)) {
                    continue;
                }
                total++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                switch (mode) {
                    case "threads" -> counts.merge(thread.replaceAll("-[0-9a-f]+$|\\d+$", ""), 1, Integer::sum);
                    case "owners" -> counts.merge(owner(frames), 1, Integer::sum);
                    case "callers" -> {
                        if (owner(frames).equals(argument)) {
                            counts.merge(nearestHostFlowFrame(frames), 1, Integer::sum);
                        }
                    }
                    case "tree" -> addPaths(frames, argument, counts);
                    default -> throw new IllegalArgumentException("unknown mode " + mode);
                }
            }
        }
        System.out.println("samples: " + total);
        int samples = total;
        if (mode.equals("tree")) {
            double min = Double.parseDouble(System.getProperty("min", "1"));
            new TreeMap<>(counts).forEach((path, n) -> {
                if (100.0 * n / samples >= min) {
                    int depth = path.split(" > ").length - 1;
                    System.out.printf("%5.1f%% %s%s%n", 100.0 * n / samples, "  ".repeat(depth),
                            path.substring(path.lastIndexOf(" > ") + 3));
                }
            });
            return;
        }
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(Integer.getInteger("top", 40))
                .forEach(e -> System.out.printf("%6d %5.1f%% %s%n", e.getValue(), 100.0 * e.getValue() / samples,
                        e.getKey()));
    }

    private static String threadName(RecordedThread thread) {
        return thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
    }

    /** The library of the topmost frame outside the JDK: the JDK's collections and locks count for their caller. */
    private static String owner(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")
                    && !type.startsWith("com.sun.")) {
                return library(type);
            }
        }
        return "jdk";
    }

    private static String library(String type) {
        String[] parts = type.split("\\.");
        String second = parts.length > 2 ? parts[2] : "";
        if (type.startsWith("com.hostflow.")) {
            return "hostflow." + second;
        }
        if (type.startsWith("org.springframework.")) {
            return "spring." + second;
        }
        if (type.startsWith("org.apache.ibatis.")) {
            return "mybatis";
        }
        if (type.startsWith("org.apache.")) {
            return "apache." + parts[2];
        }
        for (String[] known : new String[][] {{"org.camunda.", "camunda"}, {"org.hibernate.", "hibernate"},
                {"com.fasterxml.", "jackson"}, {"org.postgresql.", "pgjdbc"}, {"com.zaxxer.", "hikari"},
                {"feign.", "feign"}}) {
            if (type.startsWith(known[0])) {
                return known[1];
            }
        }
        return parts.length > 1 ? parts[0] + "." + parts[1] : type;
    }

    private static String nearestHostFlowFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("com.hostflow.") && !type.contains("$$")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + ":"
                        + frame.getLineNumber();
            }
        }
        return "(no HostFlow frame)";
    }

    /** Every prefix of the sample's HostFlow call path (proxies and lambdas left out), root first. */
    private static void addPaths(List<RecordedFrame> frames, String alsoShown, Map<String, Integer> counts) {
        StringBuilder path = new StringBuilder();
        String last = null;
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame frame = frames.get(i);
            String type = frame.getMethod().getType().getName();
            boolean hostflow = type.startsWith("com.hostflow.") && !type.contains("$$") && !type.contains("$Proxy")
                    && !frame.getMethod().getName().startsWith("lambda$");
            if (!hostflow && (alsoShown.isEmpty() || !type.matches(alsoShown))) {
                continue;
            }
            String method = type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            if (method.equals(last)) {
                continue;
            }
            last = method;
            path.append(" > ").append(method);
            counts.merge(path.toString(), 1, Integer::sum);
        }
    }
}
