package dev.tether.tools.mail;

import dev.tether.engine.tool.ToolException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Turns mail exceptions into short, clear messages without secrets (server text is scrubbed of the password). */
final class MailErrors {

    private MailErrors() {
    }

    static ToolException of(MailSettings settings, String what, MessagingException e) {
        MailSettings.Server server = (what.equals("smtp") ? settings.smtp() : settings.imap()).orElse(null);
        String where = server == null ? what : what + " server " + server.host() + ":" + server.port();
        Throwable cause = rootCause(e);
        String message;
        if (e instanceof AuthenticationFailedException) {
            message = "login to the " + where + " failed: wrong user name or password";
        } else if (e instanceof FolderNotFoundException) {
            message = "mail folder not found: " + settings.scrub(e.getMessage());
        } else if (cause instanceof ConnectException) {
            message = "cannot connect to the " + where + " (connection refused)";
        } else if (cause instanceof SocketTimeoutException) {
            message = "the " + where + " did not answer in time";
        } else if (cause instanceof UnknownHostException) {
            message = "unknown host for the " + where;
        } else if (cause instanceof SSLException) {
            message = "TLS with the " + where + " failed: " + settings.scrub(cause.getMessage());
        } else {
            message = what + " error: " + settings.scrub(e.getMessage());
        }
        return new ToolException(message);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
