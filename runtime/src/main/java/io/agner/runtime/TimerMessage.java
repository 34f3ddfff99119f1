package io.agner.runtime;

/**
 * What a timer started with {@code startTimer} delivers: the timer itself and the message, as
 * Erlang's {@code erlang:start_timer/3} delivers {@code {timeout, TimerRef, Msg}}, so a receiver
 * can tell which of its timers fired ({@code case TimerMessage(var t, var m) when t == myTimer}).
 *
 * @param timer   the timer that fired, the object {@code startTimer} returned
 * @param message the message given to {@code startTimer}
 */
public record TimerMessage(MessageTimer timer, Object message) {}
