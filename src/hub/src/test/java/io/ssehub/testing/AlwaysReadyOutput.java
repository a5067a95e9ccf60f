package io.ssehub.testing;

import io.ssehub.fanout.StreamOutput;
import java.util.function.Consumer;

/**
 * A stream output that takes every write at once and never goes away, as Grizzly's write queue does below
 * its bound and a client reading fast over loopback does: nothing but the fan-out itself paces what it is
 * given. Subclasses say what a write does.
 */
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
