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
        List<Callable<T>> requests = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            requests.add(request);
        }
        return all(requests);
    }

    /** Runs the requests at once, each on its own thread; answers what each returned, in the requests' order. */
    public static <T> List<T> all(List<Callable<T>> requests) throws Exception {
        CyclicBarrier start = new CyclicBarrier(requests.size());
        ExecutorService clients = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> request : requests) {
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
