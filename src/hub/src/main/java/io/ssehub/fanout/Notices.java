package io.ssehub.fanout;

import io.ssehub.event.Json;
import io.ssehub.event.TypedPayload;
import io.ssehub.event.payload.ErrorNotice;
import io.ssehub.event.payload.Reset;
import io.ssehub.eventlog.Replay;
import io.ssehub.wire.SseFrame;
import java.time.Duration;

/**
 * The frames the hub itself sends on a stream, encoded once: none carries an id, so a client's
 * last event id always names a real log event.
 */
final class Notices {

    static final String KEEP_ALIVE_TEXT = "keep-alive";
    /** The comment after the retry hint that opens every stream. */
    public static final String GREETING_TEXT = "ssehub stream open";

    private final Duration retry;
    private final SseFrame greeting;
    private final SseFrame keepAlive;
    private final SseFrame slowConsumer;
    private final SseFrame shutdown;
    private final SseFrame logOverrun;
    private final SseFrame tokenExpired;

    Notices(Duration retry) {
        this.retry = retry;
        // The retry hint first, so a client knows it before anything else; the comment makes the stream's
        // first bytes visible to proxies and to people reading it.
        this.greeting = SseFrame.join(SseFrame.retry(retry), SseFrame.comment(GREETING_TEXT));
        this.keepAlive = SseFrame.comment(KEEP_ALIVE_TEXT);
        this.slowConsumer = error(ErrorNotice.SLOW_CONSUMER,
                "this stream fell too far behind and was closed; reconnect with your last event id to resume");
        // Not an error: the client did nothing wrong and simply comes back after the hint.
        this.shutdown = SseFrame.join(SseFrame.comment("the hub is shutting down"), SseFrame.retry(retry));
        this.tokenExpired = error(ErrorNotice.TOKEN_EXPIRED,
                "the token this stream was opened with has expired; reconnect with a fresh token and your last event id");
        this.logOverrun = error(ErrorNotice.LOG_OVERRUN,
                "the hub fell behind its own log; reconnect with your last event id to resume");
    }

    SseFrame greeting() {
        return greeting;
    }

    SseFrame keepAlive() {
        return keepAlive;
    }

    SseFrame shutdown() {
        return shutdown;
    }

    /** The last frame of a stream the hub ends for {@code reason}. */
    SseFrame cut(FanoutObserver.CutReason reason) {
        return switch (reason) {
            case SLOW_CONSUMER -> slowConsumer;
            case TOKEN_EXPIRED -> tokenExpired;
            case LOG_OVERRUN -> logOverrun;
        };
    }

    SseFrame reset(Replay.Gap gap, String lastEventId) {
        return typed(new Reset(gap.token(), lastEventId, gap.description()));
    }

    private SseFrame error(String reason, String message) {
        return typed(new ErrorNotice(reason, message));
    }

    private SseFrame typed(TypedPayload payload) {
        return SseFrame.event(null, payload.type(), Json.write(payload), retry);
    }
}
