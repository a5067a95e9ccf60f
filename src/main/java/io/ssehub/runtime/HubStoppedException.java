package io.ssehub.runtime;

/** The hub is not (or no longer) taking events or streams. */
public final class HubStoppedException extends IllegalStateException {

    public HubStoppedException() {
        super("the hub is not running");
    }
}
