package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.LogException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns Kafka's exceptions into {@link LogException}s that say what was being done, where. Stateless. */
final class KafkaErrors {

    private KafkaErrors() {}

    /** Waits for an Admin result; an interrupt is kept and reported. */
    static <T> T await(KafkaFuture<T> future, String bootstrap, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogException("interrupted while " + what + " on Kafka at " + bootstrap, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), bootstrap, what);
        }
    }

    /**
     * A {@link LogException} for a failure of {@code what} (a gerund phrase: "creating topic 'calls'"),
     * keeping Kafka's exception as the cause and naming it in the message.
     */
    static LogException translate(Throwable e, String bootstrap, String what) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof LogException log) {
            return log;
        }
        String where = " on Kafka at " + bootstrap;
        return switch (e) {
            case InterruptException ie -> new LogException("interrupted while " + what + where, ie);
            case UnknownTopicOrPartitionException u -> new LogException(what + where + " failed: no such topic or partition ("
                    + u.getMessage() + ")", u);
            case TimeoutException t -> new LogException(what + where + " timed out: " + t.getMessage()
                    + " (is the cluster up, and does the topic exist?)", t);
            default -> new LogException(what + where + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        };
    }
}
