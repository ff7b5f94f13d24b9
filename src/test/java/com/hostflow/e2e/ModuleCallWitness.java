package com.hostflow.e2e;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.support.EmbeddedPostgres;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Test-only witnesses of what a thread holds while it calls a module, for {@link ModuleCallsHoldNoConnectionTest}:
 * <ul>
 * <li>the vmmanager6 adapter bean is wrapped so every call (connection check, execute, poll, host list, parameter
 * values) records, at the moment it starts, the thread's Spring transaction, bound resources, Camunda command context
 * and the database connections the thread has taken and not closed; the call itself goes through unchanged;</li>
 * <li>the DataSource is a Hikari pool of only {@link #POOL_SIZE} connections on a fresh embedded-PostgreSQL database,
 * behind a proxy that counts open connections per thread and every wait for a connection that timed out.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
class ModuleCallWitness {

    static final int POOL_SIZE = 4;

    @Bean
    ConnectionsPerThread connectionsPerThread() {
        return new ConnectionsPerThread();
    }

    @Bean
    ModuleCalls moduleCalls() {
        return new ModuleCalls();
    }

    @Bean
    DataSource dataSource(ConnectionsPerThread connections) {
        HikariDataSource pool = DataSourceBuilder.create().type(HikariDataSource.class).build();
        pool.setDataSource(EmbeddedPostgres.newMigratedDatabase());
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setPoolName("four-connections");
        return new CountingDataSource(pool, connections);
    }

    /** Static, so the post-processor exists before the adapter bean is made; it only records. */
    @Bean
    static BeanPostProcessor recordingVmManagerAdapter(ObjectProvider<ModuleCalls> calls,
            ObjectProvider<ConnectionsPerThread> connections) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ProcessingModuleAdapter adapter
                        && "vmmanager6".equals(adapter.descriptor().type())) {
                    return new RecordingAdapter(adapter, calls.getObject(), connections.getObject());
                }
                return bean;
            }
        };
    }

    /** What one module call saw on its thread when it started. */
    record Call(String method, Long serviceId, String thread, boolean transactionActive, boolean synchronizationActive,
            Set<String> boundResources, boolean commandContext, int connectionsHeld) {
    }

    /** Every recorded call, and the most calls that were running at one moment. */
    static final class ModuleCalls {

        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();

        List<Call> calls() {
            return List.copyOf(calls);
        }

        int mostAtOnce() {
            return mostAtOnce.get();
        }

        void clear() {
            calls.clear();
            mostAtOnce.set(running.get());
        }

        <T> T record(Call call, Supplier<T> work) {
            calls.add(call);
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return work.get();
            } finally {
                running.decrementAndGet();
            }
        }
    }

    /** Connections taken and not yet closed, by the thread that took them; and connection waits that timed out. */
    static final class ConnectionsPerThread {

        private final Map<Long, AtomicInteger> open = new ConcurrentHashMap<>();
        private final AtomicInteger timeouts = new AtomicInteger();

        int heldByCurrentThread() {
            AtomicInteger count = open.get(Thread.currentThread().getId());
            return count == null ? 0 : count.get();
        }

        int timeouts() {
            return timeouts.get();
        }

        AtomicInteger taken() {
            AtomicInteger count = open.computeIfAbsent(Thread.currentThread().getId(), id -> new AtomicInteger());
            count.incrementAndGet();
            return count;
        }

        void timedOut() {
            timeouts.incrementAndGet();
        }
    }

    /** The pool behind a proxy that tells {@link ConnectionsPerThread} when a connection is taken and closed. */
    static final class CountingDataSource extends DelegatingDataSource {

        private final ConnectionsPerThread connections;

        CountingDataSource(DataSource pool, ConnectionsPerThread connections) {
            super(pool);
            this.connections = connections;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counted(super::getConnection);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counted(() -> super.getConnection(username, password));
        }

        private Connection counted(SqlSupplier connection) throws SQLException {
            Connection real;
            try {
                real = connection.get();
            } catch (SQLTransientConnectionException e) {
                connections.timedOut();
                throw e;
            }
            AtomicInteger owner = connections.taken();
            AtomicBoolean closed = new AtomicBoolean();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
                            owner.decrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @FunctionalInterface
        private interface SqlSupplier {
            Connection get() throws SQLException;
        }
    }

    /** Passes every call to the real adapter after recording what its thread holds. */
    static final class RecordingAdapter implements ProcessingModuleAdapter {

        private final ProcessingModuleAdapter adapter;
        private final ModuleCalls calls;
        private final ConnectionsPerThread connections;

        RecordingAdapter(ProcessingModuleAdapter adapter, ModuleCalls calls, ConnectionsPerThread connections) {
            this.adapter = adapter;
            this.calls = calls;
            this.connections = connections;
        }

        @Override
        public ModuleTypeDescriptor descriptor() {
            return adapter.descriptor();
        }

        @Override
        public ConnectionCheck checkConnection(ProcessingModuleConfig module) {
            return calls.record(seen("checkConnection", null), () -> adapter.checkConnection(module));
        }

        @Override
        public ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request) {
            return calls.record(seen("execute " + request.operation(), request.serviceId()),
                    () -> adapter.execute(module, request));
        }

        @Override
        public ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle) {
            return calls.record(seen("poll " + request.operation(), request.serviceId()),
                    () -> adapter.poll(module, request, handle));
        }

        @Override
        public boolean setsRootPassword(ModuleOperation operation) {
            return adapter.setsRootPassword(operation);
        }

        @Override
        public boolean createsAccount(ModuleOperation operation) {
            return adapter.createsAccount(operation);
        }

        @Override
        public List<RemoteHost> hosts(ProcessingModuleConfig module) {
            return calls.record(seen("hosts", null), () -> adapter.hosts(module));
        }

        @Override
        public boolean deleteHost(ProcessingModuleConfig module, RemoteHost host) {
            return calls.record(seen("deleteHost " + host.externalId(), null), () -> adapter.deleteHost(module, host));
        }

        @Override
        public List<String> parameterValues(ProcessingModuleConfig module, String parameter) {
            return calls.record(seen("parameterValues " + parameter, null),
                    () -> adapter.parameterValues(module, parameter));
        }

        private Call seen(String method, Long serviceId) {
            Set<String> resources = new TreeSet<>();
            TransactionSynchronizationManager.getResourceMap().keySet()
                    .forEach(key -> resources.add(key.getClass().getSimpleName()));
            return new Call(method, serviceId, Thread.currentThread().getName(),
                    TransactionSynchronizationManager.isActualTransactionActive(),
                    TransactionSynchronizationManager.isSynchronizationActive(), resources,
                    Context.getCommandContext() != null, connections.heldByCurrentThread());
        }
    }
}
