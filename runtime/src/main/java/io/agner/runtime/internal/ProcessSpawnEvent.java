package io.agner.runtime.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a process was spawned. Off by default ({@code @Enabled(false)}): a node may spawn millions
 * a second, so turn it on for a recording that needs it ({@code jdk.jfr.Recording.enable(NAME)},
 * or {@code agner.ProcessSpawn#enabled=true} in a {@code .jfc} setting). Built only when the
 * recording wants it: callers check {@link #shouldCommit()} first, so with JFR off a spawn pays
 * one check of an event class's static flag.
 */
@Name(ProcessSpawnEvent.NAME)
@Label("Process Spawn")
@Category({"agner", "Processes"})
@Description("A process was spawned")
@Enabled(false)
@StackTrace(false)
final class ProcessSpawnEvent extends jdk.jfr.Event {

    static final String NAME = "agner.ProcessSpawn";

    @Label("Pid")
    String pid;

    @Label("Parent")
    @Description("The spawning process, or none for a spawn from outside any process")
    String parent;

    @Label("Registered Name")
    String registeredName;

    /** Records a spawn if a recording wants it. */
    static void emit(Proc child, Proc parent, String name) {
        ProcessSpawnEvent e = new ProcessSpawnEvent();
        if (e.shouldCommit()) {
            e.pid = child.toString();
            e.parent = parent == null ? null : parent.toString();
            e.registeredName = name;
            e.commit();
        }
    }
}
