package io.agner.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agner command refuses a socket folder other users could write to. */
class SocketFolderTest {

    @TempDir
    Path dir;

    @Test
    void cli_refusesASocketFolderOthersCouldWrite() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        StringWriter err = new StringWriter();

        int status = Agner.run(shared, new PrintWriter(new StringWriter()), new PrintWriter(err, true), "nodes");

        assertNotEquals(0, status);
        assertTrue(err.toString().contains("chmod 700"), err.toString());
    }
}
