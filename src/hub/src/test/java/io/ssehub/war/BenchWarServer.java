package io.ssehub.war;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The built WAR in embedded Tomcat or Jetty, as a process of its own for {@code bench/run} (not a test):
 * {@code BenchWarServer tomcat|jetty URI_FILE}, run where {@code target/ssehub.war} is. Settings come as
 * for any WAR from the environment ({@code SSEHUB_<NAME>}). Once the server answers, the application's
 * base URI is written to {@code URI_FILE}; the server runs until the process is stopped.
 */
public final class BenchWarServer {

    private BenchWarServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("tomcat") || args[0].equals("jetty"))) {
            System.err.println("usage: BenchWarServer tomcat|jetty URI_FILE");
            System.exit(2);
        }
        AutoCloseable server;
        URI base;
        if (args[0].equals("tomcat")) {
            EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of());
            server = tomcat;
            base = tomcat.base();
        } else {
            EmbeddedJetty jetty = EmbeddedJetty.start(Map.of());
            server = jetty;
            base = jetty.base();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        Path uriFile = Path.of(args[1]);
        Path written = Files.writeString(uriFile.resolveSibling(uriFile.getFileName() + ".tmp"), base.toString());
        Files.move(written, uriFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }
}
