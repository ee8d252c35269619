package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ProviderUnreachableException;
import io.github.empathy4j.core.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.function.Supplier;

/**
 * Counts one lane's consecutive connection failures (refused, unknown host, no route); after {@value #LIMIT} in a
 * row it is down for the rest of the execution: its remaining calls fail without being made, and one line says so.
 */
final class Reachability {

    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    static final int LIMIT = 3;

    private final String what;
    private int consecutive;
    private volatile ProviderUnreachableException down;

    /** @param what names the provider in messages, such as {@code provider 'openai'} */
    Reachability(String what) {
        this.what = what;
    }

    /** The failure the provider's remaining items get, once it is down; else {@code null}. */
    ProviderUnreachableException down() {
        return down;
    }

    /** Makes a call, counting a connection failure and resetting the count on anything else. */
    <T> T observe(Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
        synchronized (this) {
            consecutive = 0;
        }
        return value;
    }

    private void failed(RuntimeException e) {
        if (!unreachable(e)) {
            synchronized (this) {
                consecutive = 0;
            }
            return;
        }
        synchronized (this) {
            if (++consecutive < LIMIT || down != null) {
                return;
            }
            String reason = Secrets.redact(e.getMessage());
            down = new ProviderUnreachableException("not tried: " + what + " is unreachable (" + LIMIT
                    + " connection failures in a row; the last: " + reason + ")", null, false);
        }
        LOG.warn("{} is unreachable ({} connection failures in a row; the last: {}); its remaining items are"
                + " recorded as failed without a call; start the server or fix its address, then run the same"
                + " command again to resume", what, LIMIT, Secrets.redact(e.getMessage()));
    }

    /** Whether a failure says the server could not be reached at all. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderUnreachableException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }
}
