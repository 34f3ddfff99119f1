package io.agner.hotswap;

/**
 * A loaded module's versions and how many processes run each (Erlang's
 * {@code check_process_code} at a glance). Immutable.
 */
public record ModuleInfo(String name, String current, int onCurrent, String old, int onOld) {}
