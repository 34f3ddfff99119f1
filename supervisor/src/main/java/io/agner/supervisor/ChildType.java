package io.agner.supervisor;

/** Whether a child is a worker or a supervisor (it decides the default shutdown). */
public enum ChildType {
    WORKER,
    SUPERVISOR
}
