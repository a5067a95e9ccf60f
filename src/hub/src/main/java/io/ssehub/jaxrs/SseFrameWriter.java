package io.ssehub.jaxrs;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes a {@link FrameEvent}'s bytes as they are. Jersey's chunked output looks the writer up by the
 * chunk's runtime class, so this, being the most specific writer, replaces Jersey's
 * {@code OutboundEventWriter} for the hub's frames and the container's Jersey version stops mattering.
 * Every frame ends with the blank line that terminates an event (see {@link SseWire}).
 */
@Provider
@Produces(MediaType.SERVER_SENT_EVENTS)
public final class SseFrameWriter implements MessageBodyWriter<FrameEvent> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return FrameEvent.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(FrameEvent event, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        // Jersey's SseEventSink writes its own "\n" delimiter after every chunk (JerseyEventSink's
        // SSE_EVENT_DELIMITER), which ends the frame's last event; so the frame's final "\n" is left to it.
        byte[] bytes = event.frame().bytes();
        entityStream.write(bytes, 0, Math.max(0, bytes.length - 1));
    }
}
