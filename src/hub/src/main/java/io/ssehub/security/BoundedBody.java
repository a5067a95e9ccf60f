package io.ssehub.security;

import io.ssehub.refusal.Refusal;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, so an oversized one is refused without being held in memory. */
public final class BoundedBody {

    private BoundedBody() {
    }

    /**
     * A publish's body, which must say what it is: Jersey matches a request without {@code Content-Type} to
     * any {@code @Consumes}, so such a request is refused here (415) before its body is read.
     *
     * @param declaredLength the {@code Content-Length} header, null when there is none
     */
    public static byte[] readDeclared(InputStream body, Long declaredLength, ContainerRequestContext request, int limit)
            throws IOException {
        if (request.getMediaType() == null) {
            throw new NotSupportedException();
        }
        return read(body, declaredLength == null ? -1 : declaredLength, limit);
    }

    /**
     * The same, for a resource that takes neither the body nor its length as parameters (each costs a lookup
     * in Jersey per request): both are read from the request. A length that is not a number counts as none;
     * the read is bounded all the same.
     */
    public static byte[] readDeclared(ContainerRequestContext request, int limit) throws IOException {
        return readDeclared(request.getEntityStream(), declaredLength(request.getHeaderString(HttpHeaders.CONTENT_LENGTH)),
                request, limit);
    }

    private static Long declaredLength(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static byte[] read(InputStream body, long declaredLength, int limit) throws IOException {
        if (declaredLength > limit) {
            throw Refusal.payloadTooLarge(limit);
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 256), limit));
        byte[] buffer = new byte[8192];
        int n;
        while ((n = body.read(buffer)) != -1) {
            if (read.size() + n > limit) {
                throw Refusal.payloadTooLarge(limit);
            }
            read.write(buffer, 0, n);
        }
        return read.toByteArray();
    }
}
