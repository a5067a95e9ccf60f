package io.ssehub.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser page ({@code webapp/index.html} with its script and style), served by the application
 * itself so that the embedded runtime and every container serve it the same way, from the same jar.
 */
@Path("/")
public final class PageResource {

    private static final String LOCATION = "/io/ssehub/page/";
    /** By extension: the page is one HTML file with the scripts and the style it names. */
    private static final Map<String, String> TYPES = Map.of(
            "html", MediaType.TEXT_HTML + ";charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8");
    /** Same-origin only: the page loads nothing from elsewhere and runs no inline script. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, byte[]> LOADED = new ConcurrentHashMap<>();

    @GET
    public Response index() {
        return file("index.html");
    }

    @GET
    @Path("{file: [a-z]+\\.(html|js|css)}")
    public Response file(@PathParam("file") String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return Response.ok(LOADED.computeIfAbsent(name, PageResource::load), type)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static byte[] load(String name) {
        try (InputStream in = PageResource.class.getResourceAsStream(LOCATION + name)) {
            if (in == null) {
                throw new NotFoundException();
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
