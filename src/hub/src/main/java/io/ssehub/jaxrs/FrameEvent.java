package io.ssehub.jaxrs;

import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.lang.reflect.Type;

/**
 * An {@link SseFrame} (bytes already in SSE wire format) as a standard {@link OutboundSseEvent}, for a
 * {@code SseEventSink.send}: {@link SseFrameWriter} copies the frame's bytes as they are. The getters say
 * only that this is a frame of text; the bytes are what is written.
 */
public record FrameEvent(SseFrame frame) implements OutboundSseEvent {

    @Override
    public String getId() {
        return null;
    }

    @Override
    public String getName() {
        return null;
    }

    @Override
    public String getComment() {
        return null;
    }

    @Override
    public long getReconnectDelay() {
        return RECONNECT_NOT_SET;
    }

    @Override
    public boolean isReconnectDelaySet() {
        return false;
    }

    @Override
    public Class<?> getType() {
        return String.class;
    }

    @Override
    public Type getGenericType() {
        return String.class;
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.TEXT_PLAIN_TYPE;
    }

    @Override
    public Object getData() {
        return frame.toString();
    }
}
