package io.ssehub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary directories the tests' servers and browsers need: left behind, every run adds to /tmp. */
public final class TempFiles {

    private TempFiles() {
    }

    /** Deletes {@code root} and everything in it; a tree already gone is no error, so closing twice is harmless. */
    public static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            // Deepest first: a directory can only be deleted once it is empty.
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
