package com.hostflow.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built jar as Spring Boot's {@code java -Djarmode=tools -jar hostflow.jar extract} lays it out: the application
 * jar beside {@code lib/}, started with {@code java -jar} all the same. The crash tests start HostFlow eight times and
 * the simulator twice; from the nested jars of the single jar each start cost ~19 s of CPU, from the extracted
 * layout ~14 s (measured alone on this project's 2-core machine): the class loader reads plain jars instead of jars
 * inside a jar. The code and its settings are the same. Extracted once per build: failsafe's three JVMs take turns on
 * a file lock, and a jar built later than the extraction is extracted again.
 */
final class ExtractedJar {

    private static Path application;

    private ExtractedJar() {
    }

    /** The extracted application jar ({@code -jar} it, or put it on {@code -cp} with another main class). */
    static synchronized Path application() {
        if (application == null) {
            application = extract(HostFlowProcess.jar());
        }
        return application;
    }

    private static Path extract(Path jar) {
        Path destination = jar.resolveSibling("hostflow-extracted");
        Path extracted = destination.resolve(jar.getFileName());
        Path stamp = destination.resolve("extracted-from");
        try (FileChannel lockFile = FileChannel.open(jar.resolveSibling("hostflow-extracted.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            String source = jar.toAbsolutePath() + " " + Files.getLastModifiedTime(jar).toMillis() + " "
                    + Files.size(jar);
            if (Files.isRegularFile(extracted) && Files.isRegularFile(stamp)
                    && Files.readString(stamp).equals(source)) {
                return extracted;
            }
            deleteRecursively(destination);
            Process tools = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
                    destination.toString())).redirectErrorStream(true)
                    .redirectOutput(jar.resolveSibling("hostflow-extracted.log").toFile()).start();
            if (!tools.waitFor(5, TimeUnit.MINUTES) || tools.exitValue() != 0 || !Files.isRegularFile(extracted)) {
                tools.destroyForcibly();
                throw new IllegalStateException("could not extract " + jar + ": see hostflow-extracted.log beside it");
            }
            Files.writeString(stamp, source);
            return extracted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
