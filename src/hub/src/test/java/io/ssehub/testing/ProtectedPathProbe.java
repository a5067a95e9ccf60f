package io.ssehub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries every spelling of a protected path a router might still send to the protected resource:
 * matrix parameters, encoded separators, double and trailing slashes, case variants and dot segments,
 * with every protected method, on a bare socket so no client library normalises the path first.
 */
public final class ProtectedPathProbe {

    /** A publish body any token-less caller would like to get through. */
    private static final String PUBLISH = "{\"topic\":\"confidential\",\"type\":\"leak\",\"data\":1}";

    /** The ways {@code /<name>} has been (or could be) spelled past a string comparison. */
    static List<String> spellings(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String capital = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        String encodedFirst = "%" + Integer.toHexString(name.charAt(0)) + name.substring(1);
        return List.of(
                name,
                name + ";", name + ";x=1", name + ";/", name + ";jsessionid=1",
                ";x=1/" + name, name + "/;",
                name + "/", name + "//", "/" + name, "//" + name + "/",
                "./" + name, name + "/.", name + "/./", "x/../" + name, "x/..;/" + name, "%2e/" + name,
                name + "/%2e", name + "%2f", name + "%2F", name + "%3b", name + "%3B", "%2f" + name,
                encodedFirst, upper, capital, name + "%20", name + "%00", name + "?", name + "#x", name + "/x/..");
    }

    /** One request and what it answered. */
    public record Attempt(String method, String target, int status) {
        /** Anything in 200–399 means the caller got through (or was sent somewhere it might). */
        public boolean admitted() {
            return status >= 200 && status < 400;
        }
    }

    private ProtectedPathProbe() {
    }

    /**
     * Sends, without any credentials, GET (as an event stream), HEAD and POST to every spelling of each
     * path under {@code base}, and returns the attempts that were admitted.
     */
    public static List<Attempt> admittedWithoutCredentials(URI base, List<String> paths) throws IOException {
        List<Attempt> admitted = new ArrayList<>();
        for (String path : paths) {
            for (String spelling : spellings(path)) {
                String target = base.getRawPath() + spelling;
                for (String method : List.of("GET", "HEAD", "POST")) {
                    Attempt attempt = new Attempt(method, target, status(base, method, target));
                    if (attempt.admitted()) {
                        admitted.add(attempt);
                    }
                }
            }
        }
        return admitted;
    }

    /** The status code of one request; the connection is closed after the head, streams included. */
    public static int status(URI base, String method, String target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            byte[] body = new byte[0];
            if ("POST".equals(method)) {
                body = PUBLISH.getBytes(StandardCharsets.UTF_8);
                request.append("Content-Type: application/json\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n");
            } else {
                request.append("Accept: text/event-stream\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return parseStatus(readStatusLine(socket.getInputStream()), method, target);
        }
    }

    private static String readStatusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no status line within 10 s: " + line, e);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }

    private static int parseStatus(String statusLine, String method, String target) {
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            // A server may close a request it will not parse at all: that admitted nothing.
            return statusLine.isEmpty() ? 400 : fail(statusLine, method, target);
        }
        return Integer.parseInt(parts[1]);
    }

    private static int fail(String statusLine, String method, String target) {
        throw new AssertionError(method + " " + target + " answered no HTTP status line: " + statusLine);
    }
}
