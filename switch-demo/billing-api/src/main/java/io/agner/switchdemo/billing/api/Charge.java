package io.agner.switchdemo.billing.api;

/**
 * What a call costs, and which billing code said so.
 *
 * @param micros         the price in millionths of a currency unit
 * @param tariff         the tariff's name, e.g. {@code "flat"} or {@code "peak"}
 * @param billingVersion the billing module version that computed it
 */
public record Charge(long micros, String tariff, int billingVersion) {}
