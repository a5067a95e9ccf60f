package io.ssehub.runtime.grizzly;

import io.ssehub.refusal.Problem;
import io.ssehub.event.Json;
import io.ssehub.refusal.ProblemKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.Response;

/**
 * A refusal answered by the embedded server itself, before Jersey sees the request: the same RFC 9457
 * problem body as every other refusal, then the connection is closed once the answer is out, because
 * what is left of the request on the wire is not to be read (Grizzly would otherwise wait to skip it).
 */
record EdgeRefusal(Problem problem) {

    static EdgeRefusal badFraming(String detail) {
        return new EdgeRefusal(Problem.of(ProblemKind.MALFORMED_REQUEST, detail));
    }

    static EdgeRefusal tooLarge(int limit, String setting) {
        return new EdgeRefusal(Problem.of(ProblemKind.PAYLOAD_TOO_LARGE,
                "the request body must be at most " + limit + " bytes (" + setting + ")"));
    }

    static EdgeRefusal bodyTooSlow(long timeoutMillis) {
        return new EdgeRefusal(Problem.of(ProblemKind.REQUEST_TIMEOUT,
                "the body did not arrive whole within " + timeoutMillis + " ms (request.body.timeout)"));
    }

    /** The problem body, as sent. */
    byte[] body() {
        return Json.write(problem).getBytes(StandardCharsets.UTF_8);
    }

    void send(Response response) {
        byte[] body = body();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.setHeader("Connection", "close");
        try {
            // Only when the connection takes it at once (then neither the write nor the close waits): a
            // client that is not reading what it was sent before would otherwise hold this thread, which
            // may be a selector thread, until the write timeout. The connection is closed either way.
            if (response.getOutputBuffer().canWrite()) {
                response.getOutputStream().write(body);
                response.finish();
            }
        } catch (IOException gone) {
            // The client left; there is nobody to tell.
        }
        // Graceful: what is queued (this answer) is written first.
        response.getRequest().getContext().getConnection().closeSilently();
    }
}
