package io.ssehub.cli;

import io.ssehub.core.FatalErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the command line's exit status means: the same for every command, and listed in each one's help. */
final class ExitCodes {

    /** Done: the event was published, or tail's output was closed. */
    static final int OK = 0;
    /** The hub refused (its problem detail is on stderr) or sent no event stream; or serve could not start. */
    static final int REFUSED = 1;
    /** The command line was wrong (picocli's own code for usage errors), or a setting was invalid. */
    static final int USAGE = 2;
    /** publish could not reach the hub (tail keeps trying until interrupted). */
    static final int UNREACHABLE = 3;
    /** serve could not go on (out of memory, or a hub thread died) and ended itself, to be restarted. */
    static final int FATAL = FatalErrors.EXIT_CODE;

    /** The list as every help text shows it under "Exit codes:". */
    static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put(Integer.toString(OK), "done");
        help.put(Integer.toString(REFUSED), "the hub refused (its problem detail is on stderr) or sent no event stream;"
                + " serve could not start");
        help.put(Integer.toString(USAGE), "usage error: a wrong option, argument or setting");
        help.put(Integer.toString(UNREACHABLE), "publish could not reach the hub (tail keeps trying)");
        help.put(Integer.toString(FATAL), "serve could not go on (out of memory, or a hub thread died): restart it");
        return help;
    }

    private ExitCodes() {
    }
}
