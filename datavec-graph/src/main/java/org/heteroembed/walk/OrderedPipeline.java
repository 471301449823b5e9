package org.heteroembed.walk;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * Computes tasks {@code 0..n-1} on several threads and hands the results to one consumer in task order,
 * with at most {@code maxInFlight} results computed ahead of the consumer (bounded memory, back-pressure).
 *
 * <p>This is what makes walk generation both parallel and deterministic: each task's result depends only
 * on its index (tasks seed their own randomness from it), and the order of delivery is the index order,
 * so the stream is identical whatever the number of threads.
 *
 * @param <T> result type; results are handed over through a lock, so plain arrays inside are safely published
 */
public final class OrderedPipeline<T> implements AutoCloseable {
    /** One worker's computation; each worker thread gets its own instance, so it may keep buffers. */
    @FunctionalInterface
    public interface Task<T> {
        T compute(long index) throws Exception;
    }

    private final long numTasks;
    private final Object[] ring;
    private final Semaphore permits;
    private final AtomicLong nextIndex = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final Thread[] workers;
    private volatile Throwable failure;
    private volatile boolean closed;
    private long consumed;

    /**
     * Starts the workers.
     *
     * @param tasks creates the task instance of worker {@code i}
     */
    public OrderedPipeline(long numTasks, int threads, int maxInFlight, IntFunction<Task<T>> tasks, String name) {
        this(0, numTasks, threads, maxInFlight, tasks, name);
    }

    /** Like the other constructor, starting at task {@code firstTask} (to resume a stream part way). */
    public OrderedPipeline(long firstTask, long numTasks, int threads, int maxInFlight, IntFunction<Task<T>> tasks, String name) {
        if (threads < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("threads and maxInFlight must be >= 1");
        }
        if (firstTask < 0 || firstTask > numTasks) {
            throw new IllegalArgumentException("first task " + firstTask + " outside [0, " + numTasks + "]");
        }
        this.numTasks = numTasks;
        this.nextIndex.set(firstTask);
        this.consumed = firstTask;
        this.ring = new Object[maxInFlight];
        this.permits = new Semaphore(maxInFlight);
        this.workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            Task<T> task = tasks.apply(w);
            Thread t = new Thread(() -> work(task), name + "-" + w);
            t.setDaemon(true);
            workers[w] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    private void work(Task<T> task) {
        try {
            while (!closed) {
                permits.acquire();
                long index = nextIndex.getAndIncrement();
                if (index >= numTasks) {
                    permits.release();
                    return;
                }
                T result = task.compute(index);
                lock.lock();
                try {
                    ring[(int) (index % ring.length)] = result;
                    filled.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable t) {
            failure = t;
            lock.lock();
            try {
                filled.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The next result in task order, or null when all tasks are delivered.
     *
     * @throws IllegalStateException wrapping a worker's failure
     */
    @SuppressWarnings("unchecked")
    public T next() throws InterruptedException {
        if (consumed >= numTasks) {
            return null;
        }
        int slot = (int) (consumed % ring.length);
        T result;
        lock.lock();
        try {
            while (ring[slot] == null) {
                if (failure != null) {
                    throw new IllegalStateException("worker failed: " + failure, failure);
                }
                if (closed) {
                    throw new IllegalStateException("pipeline closed");
                }
                filled.await();
            }
            result = (T) ring[slot];
            ring[slot] = null;
        } finally {
            lock.unlock();
        }
        consumed++;
        permits.release();
        return result;
    }

    /** Number of results delivered so far. */
    public long delivered() {
        return consumed;
    }

    public long numTasks() {
        return numTasks;
    }

    /** Stops the workers (results not yet taken are dropped). */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
