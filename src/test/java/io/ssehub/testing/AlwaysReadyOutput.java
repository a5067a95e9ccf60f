package io.ssehub.testing;

import io.ssehub.fanout.StreamOutput;
import java.util.function.Consumer;

/** A stream output that is always ready and never gone: a test double says only what it does with writes. */
public abstract class AlwaysReadyOutput implements StreamOutput {

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public void whenReady(Runnable callback) {
        callback.run();
    }

    @Override
    public void onGone(Consumer<Throwable> callback) {
    }

    @Override
    public void close() {
    }
}
