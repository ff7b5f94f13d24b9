package com.hostflow.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The same request sent by several clients at once: each on its own thread, all released by one barrier. */
public final class AtOnce {

    private AtOnce() {
    }

    /** Runs {@code request} {@code times} times at once; answers what each returned, in no particular order. */
    public static <T> List<T> run(int times, Callable<T> request) throws Exception {
        CyclicBarrier start = new CyclicBarrier(times);
        ExecutorService clients = Executors.newFixedThreadPool(times);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(clients.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }
}
