package io.ssehub.client;

/**
 * The subscription request was answered with a success that is not an event stream: {@code 204 No Content}
 * (which the SSE specification reserves for "stop reconnecting"), another 2xx, or a 200 whose
 * content type is not {@code text/event-stream} (a proxy's login page, a wrong URL on a web server).
 */
public final class NotAnEventStreamException extends HubException {

    private final int status;
    private final String contentType;

    NotAnEventStreamException(String request, int status, String contentType) {
        super(request + " was answered with " + status
                + (status == 204 ? " No Content: the server asks clients not to reconnect"
                        : " and " + (contentType == null ? "no content type" : contentType)
                                + " instead of text/event-stream"), null);
        this.status = status;
        this.contentType = contentType;
    }

    /** The HTTP status, 200 or another 2xx. */
    public int status() {
        return status;
    }

    /** The response's content type, or {@code null} when it had none. */
    public String contentType() {
        return contentType;
    }
}
