package io.ssehub.war;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A server's run folder made afresh from its distribution, so no run sees what the one before it left. */
final class ServerFolders {

    private ServerFolders() {
    }

    /** Deletes {@code folder} and everything under it, if it is there. */
    static void delete(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> old = Files.walk(folder)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Copies the tree at {@code source} to {@code target}, which must not exist yet (its parent is created). */
    static void copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(source.relativize(file).toString()));
            }
        }
    }
}
