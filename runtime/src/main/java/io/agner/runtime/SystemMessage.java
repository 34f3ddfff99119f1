package io.agner.runtime;

/**
 * Marks a message as a system message (suspend, resume, get state, code change…): a bounded
 * mailbox never drops it, whatever its overflow policy. Behaviours define the concrete types.
 */
public interface SystemMessage {}
