package io.ssehub.runtime.servlet;

import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Jersey logs a response it could not write as SEVERE with a stack trace ({@code ServerRuntime$Responder},
 * "Error while committing the output stream"): in a servlet container that is every stream whose client
 * left before its head was written, as the container's I/O error (Tomcat's {@code ClientAbortException})
 * says. A client leaving is not an error of the server: this filter on that one logger keeps such records
 * out of the container's log and logs one FINE line instead. Installed on this application's logger while
 * the application runs (a container gives each web application its own loggers, Tomcat's JULI does), and
 * removed when it stops so the logger keeps no class of the application.
 */
final class ClientDepartureLogFilter implements Filter {

    static final String JERSEY_RESPONDER = "org.glassfish.jersey.server.ServerRuntime$Responder";

    /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose the filter. */
    private final Logger logger;
    private final Filter previous;

    private ClientDepartureLogFilter(Logger logger) {
        this.logger = logger;
        this.previous = logger.getFilter();
    }

    static ClientDepartureLogFilter install() {
        ClientDepartureLogFilter filter = new ClientDepartureLogFilter(Logger.getLogger(JERSEY_RESPONDER));
        filter.logger.setFilter(filter);
        return filter;
    }

    void uninstall() {
        if (logger.getFilter() == this) {
            logger.setFilter(previous);
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() > Level.FINE.intValue() && causedByIo(record.getThrown())) {
            logger.log(Level.FINE, "a client left before its response was written: {0}", record.getThrown());
            return false;
        }
        return previous == null || previous.isLoggable(record);
    }

    private static boolean causedByIo(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
