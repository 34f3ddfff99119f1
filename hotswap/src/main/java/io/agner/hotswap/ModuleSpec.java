package io.agner.hotswap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a module's manifest says: its name, version and entry class, and where it lies (a jar or
 * a class folder with {@code META-INF/MANIFEST.MF}). Immutable.
 *
 * @param name     {@code Agner-Module}
 * @param version  {@code Agner-Version}
 * @param entry    {@code Agner-Entry}: a public class implementing {@code GenServer} or
 *                 {@code StateMachine}, with a public no-argument constructor or one taking a
 *                 {@code List<Object>} of start arguments
 * @param location the jar or folder
 */
public record ModuleSpec(String name, String version, String entry, Path location) {

    public static final String MODULE = "Agner-Module";
    public static final String VERSION = "Agner-Version";
    public static final String ENTRY = "Agner-Entry";

    public ModuleSpec {
        require(name, MODULE, location);
        require(version, VERSION, location);
        require(entry, ENTRY, location);
        Objects.requireNonNull(location, "location");
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException(MODULE + " must be a plain name (letters, digits, _ . -), was '" + name + "' in " + location);
        }
    }

    /** {@code name@version}, as loaders and processes are labelled. */
    public String label() {
        return name + "@" + version;
    }

    /**
     * Reads the manifest of a jar or class folder.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if a required attribute is missing, naming it and the file
     */
    public static ModuleSpec read(Path location) throws IOException {
        Manifest manifest;
        if (Files.isDirectory(location)) {
            Path mf = location.resolve(JarFile.MANIFEST_NAME);
            if (!Files.isRegularFile(mf)) {
                throw new IllegalArgumentException("no " + JarFile.MANIFEST_NAME + " in module folder " + location);
            }
            try (InputStream in = Files.newInputStream(mf)) {
                manifest = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                manifest = jar.getManifest();
            }
            if (manifest == null) {
                throw new IllegalArgumentException("no manifest in module jar " + location);
            }
        }
        Attributes a = manifest.getMainAttributes();
        return new ModuleSpec(trim(a.getValue(MODULE)), trim(a.getValue(VERSION)), trim(a.getValue(ENTRY)), location);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static void require(String value, String attribute, Path location) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("module manifest of " + location + " lacks " + attribute);
        }
    }
}
