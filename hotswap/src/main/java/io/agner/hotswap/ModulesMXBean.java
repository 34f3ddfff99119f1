package io.agner.hotswap;

import java.util.List;

/**
 * JMX view of the code server's modules ({@link AgnerMBeans}): {@code io.agner:type=Modules,node=<node>}.
 * Each read asks the code server, waiting at most a second (an upgrade in progress may make it
 * time out); empty when no code server runs.
 */
public interface ModulesMXBean {

    List<ModuleVersions> getModules();

    /** A module's versions and process counts, {@link ModuleInfo} as an MXBean can show it (getters). */
    final class ModuleVersions {
        private final ModuleInfo info;

        ModuleVersions(ModuleInfo info) {
            this.info = info;
        }

        public String getName() {
            return info.name();
        }

        public String getCurrent() {
            return info.current();
        }

        public int getOnCurrent() {
            return info.onCurrent();
        }

        /** The old version, or null if none. */
        public String getOld() {
            return info.old();
        }

        public int getOnOld() {
            return info.onOld();
        }
    }
}
