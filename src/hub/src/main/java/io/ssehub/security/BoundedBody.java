package io.ssehub.security;

import io.ssehub.refusal.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, so an oversized one is refused without being held in memory. */
public final class BoundedBody {

    private BoundedBody() {
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
