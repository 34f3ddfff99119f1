package io.agner.switchdemo.billing.api;

/** The billing module's one call: price this finished call. Answered with a {@link Charge}. */
public record Rate(CallRecord call) {}
