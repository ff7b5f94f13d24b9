package com.hostflow.simulator.vmmanager6;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the simulator keeps what a VMmanager keeps on its disk (accounts, presets, hosts, tasks), so a restart or a
 * {@code kill -9} of the demo does not take the VMs of its services away. Every change is written whole to a file
 * beside it and moved over the old one in one step: the file is always one complete state, the last one answered.
 * Passwords are kept only as hashes.
 */
final class SimulatorStateFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    SimulatorStateFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    record State(long nextId, int nextAddress, List<AccountState> accounts, List<PresetState> presets,
            List<HostState> hosts, List<TaskState> tasks) {
    }

    record AccountState(long id, String email, String passwordHash, String role) {
    }

    record PresetState(long id, String name, long cpu, long ram, long disk) {
    }

    record HostState(long id, long diskId, String name, String comment, String domain, long accountId, long osId,
            List<String> addresses, long cpu, long ram, long disk, String passwordHash, String state) {
    }

    record TaskState(long id, String name, long hostId, String status, String output, String newPasswordHash) {
    }

    Path path() {
        return file;
    }

    /** The state written last; empty when there is none yet. */
    Optional<State> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's state in " + file + " cannot be read", e);
        }
    }

    void write(State state) {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            JSON.writeValue(next.toFile(), state);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's state cannot be written to " + file, e);
        }
    }
}
