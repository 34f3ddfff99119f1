package io.agner.runtime;

/**
 * A child JVM for {@link SchedulerChoiceTest}: two nodes on the default configuration, each with
 * an echo round trip; prints {@code OK <kind>} per node.
 */
public final class SchedulerFallbackMain {

    private SchedulerFallbackMain() {}

    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            try (Node node = Node.start()) {
                java.util.concurrent.LinkedBlockingQueue<Object> back = new java.util.concurrent.LinkedBlockingQueue<>();
                Pid echo = node.spawn(ctx -> ctx.send((Pid) ctx.receive(), "pong"));
                node.spawn(ctx -> {
                    ctx.send(echo, ctx.self());
                    back.offer(ctx.receive());
                });
                try {
                    Object reply = back.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                    System.out.println(("pong".equals(reply) ? "OK " : "FAILED ") + node.schedulerStats().kind());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
