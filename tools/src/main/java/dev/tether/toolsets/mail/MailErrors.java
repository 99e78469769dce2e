package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Turns mail exceptions into short, clear messages without secrets (server text is scrubbed of the password). */
final class MailErrors {

    private MailErrors() {}

    static ToolException of(MailSettings settings, String what, MessagingException e) {
        MailSettings.Server server = (what.equals("smtp") ? settings.smtp() : settings.imap()).orElse(null);
        String where = server == null ? what : what + " server " + server.host() + ":" + server.port();
        String message;
        if (e instanceof AuthenticationFailedException) {
            message = "login to the " + where + " failed: wrong user name or password";
        } else if (e instanceof FolderNotFoundException) {
            message = "mail folder not found: " + settings.scrub(e.getMessage());
        } else if (inChain(e, ConnectException.class)) {
            message = "cannot connect to the " + where + " (connection refused)";
        } else if (inChain(e, SocketTimeoutException.class)) {
            message = "the " + where + " did not answer in time";
        } else if (inChain(e, UnknownHostException.class)) {
            message = "unknown host for the " + where;
        } else if (inChain(e, SSLException.class)) {
            message = "TLS with the " + where + " failed (certificate not trusted or no TLS there); for a "
                    + "self-signed certificate set ssl_trust to the host name";
        } else {
            message = what + " error: " + settings.scrub(e.getMessage());
        }
        return new ToolException(message);
    }

    private static boolean inChain(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
